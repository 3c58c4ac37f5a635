/**
 * The few Adaptive Card elements Passerelle uses, as plain JSON (no botbuilder here: cards are
 * built from domain data and wrapped as attachments at the edge). Version 1.5: the highest Teams
 * renders; Web Chat renders it too.
 */
export const ADAPTIVE_CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  isSubtle?: boolean;
  color?: 'Attention' | 'Warning' | 'Good';
  spacing?: 'Small' | 'Medium' | 'Large';
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  separator?: boolean;
  spacing?: 'Small' | 'Medium' | 'Large';
}

/** A row: the text of an answer and, beside it, its button. */
export interface ColumnSet {
  type: 'ColumnSet';
  columns: { type: 'Column'; width: 'auto' | 'stretch'; verticalContentAlignment?: 'Center'; items: CardElement[] }[];
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  /** Always an object with a `verb` (see CardActionData). */
  data: { verb: string } & Record<string, string | boolean>;
  /** `none`: the button sends no input values and skips their validation ("I don't know"). */
  associatedInputs?: 'auto' | 'none';
}

/** A drop-down list: the choice is sent under `id` with the data of the card's submit button. */
export interface ChoiceSetInput {
  type: 'Input.ChoiceSet';
  id: string;
  label: string;
  style: 'compact';
  isRequired: boolean;
  errorMessage: string;
  placeholder: string;
  choices: { title: string; value: string }[];
}

/** A one-line text field: its text is sent under `id` with the data of the card's submit button. */
export interface TextInput {
  type: 'Input.Text';
  id: string;
  label: string;
  maxLength: number;
  value?: string;
  placeholder?: string;
}

/** Teams shows at most this many buttons in one action set; more are cut off. */
export const MAX_ACTIONS_PER_SET = 6;

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = SubmitAction | OpenUrlAction;
export type CardElement = TextBlock | FactSet | Container | ColumnSet | ActionSet | ChoiceSetInput | TextInput;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  lang: string;
  body: CardElement[];
  actions?: CardAction[];
}

/**
 * What a button sends back. Always an object: Web Chat posts object data as `activity.value`
 * (string data would arrive as text) and Teams drops string data.
 */
export type CardVerb = 'details' | 'eligibility' | 'refer' | 'why';
export const CARD_VERBS: readonly CardVerb[] = ['details', 'eligibility', 'refer', 'why'];
export interface CardActionData {
  verb: CardVerb;
  offeringId: string;
}

export function adaptiveCard(lang: string, body: CardElement[], actions?: CardAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    lang,
    body,
    ...(actions?.length ? { actions } : {}),
  };
}

export const text = (value: string, style: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...style,
});

export const submit = (title: string, verb: CardVerb, offeringId: string): SubmitAction => ({ type: 'Action.Submit', title, data: { verb, offeringId } });

/** A button with any object data carrying a verb (answers, status changes). */
/**
 * The buttons that act on an offering: the eligibility check (worded to the person on the web
 * chat), and Refer for caseworkers only: newcomers cannot make referrals.
 */
export function offeringActions(offeringId: string, t: (key: string) => string, audience: 'caseworker' | 'self'): SubmitAction[] {
  if (audience === 'self') return [submit(t('cards.actions.selfEligibility'), 'eligibility', offeringId)];
  return [submit(t('cards.actions.eligibility'), 'eligibility', offeringId), submit(t('cards.actions.refer'), 'refer', offeringId)];
}

export const submitData = (title: string, data: { verb: string } & Record<string, string | boolean>): SubmitAction => ({ type: 'Action.Submit', title, data });

/** The verb and offering of a button click, or undefined when `value` is not one of ours. */
export function parseCardAction(value: unknown): CardActionData | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { verb, offeringId } = value as Record<string, unknown>;
  if (typeof verb !== 'string' || !(CARD_VERBS as readonly string[]).includes(verb)) return undefined;
  if (typeof offeringId !== 'string' || offeringId.length === 0 || offeringId.length > 200) return undefined;
  return { verb: verb as CardVerb, offeringId };
}
