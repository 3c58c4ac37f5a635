import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';

/**
 * Checks a card with Microsoft's own Adaptive Cards object model. The package's lib/ entry is ES
 * modules that Node cannot load here; the UMD bundle in dist/ loads, and parses and serializes
 * cards with no DOM.
 */
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

export const TARGET_VERSION = AC.Versions.v1_5;

/**
 * Teams renders at most 6 buttons per action set and drops the rest (the Adaptive Cards Designer's
 * Teams host config says maxActions 6; the library's default is 5).
 */
export const TEAMS_MAX_ACTIONS = 6;
const TEAMS_HOST_CONFIG = new AC.HostConfig({ actions: { maxActions: TEAMS_MAX_ACTIONS } });

// adaptivecards 3.0 declares the `lang` pattern with the g flag: RegExp.exec then keeps its
// lastIndex between calls and every other valid "fr" fails. The same pattern, without the flag.
const langProperty = AC.CardElement.langProperty as { regEx?: RegExp };
if (langProperty.regEx) langProperty.regEx = new RegExp(langProperty.regEx.source, langProperty.regEx.flags.replace('g', ''));

const ACTION_TYPES = ['Action.Submit', 'Action.OpenUrl', 'Action.ShowCard'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem of one card, as `path: message`; none for a valid card. */
export function cardProblems(card: unknown): string[] {
  // What goes on the wire: undefined properties vanish, as in the bot's JSON.
  const input = JSON.parse(JSON.stringify(card)) as Json;
  return [...objectModelProblems(input), ...actionProblems(input)];
}

function objectModelProblems(input: Json): string[] {
  const problems: string[] = [];
  const version = AC.Version.parse(String(input.version), new AC.SerializationContext());
  if (!version?.isValid || version.compareTo(TARGET_VERSION) > 0) problems.push(`version: ${String(input.version)} is not 1.5 or lower`);

  const om = new AC.AdaptiveCard();
  om.hostConfig = TEAMS_HOST_CONFIG;
  const context = new AC.SerializationContext(TARGET_VERSION);
  om.parse(input, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of om.validateProperties().validationEvents)
    problems.push(`validation: ${e.message}${e.source instanceof AC.CardElement ? droppedButtons(e.source) : ''}`);
  problems.push(...droppedProperties(input, om.toJSON(), '$'));
  return problems;
}

/** The buttons past Teams' limit in an element, which Teams would not show. */
function droppedButtons(element: AdaptiveCards.CardElement): string {
  const n = element.getActionCount();
  if (n <= TEAMS_MAX_ACTIONS) return '';
  const hidden = Array.from({ length: n - TEAMS_MAX_ACTIONS }, (_, i) => element.getActionAt(TEAMS_MAX_ACTIONS + i)?.title);
  return ` ${n} buttons; not shown: ${hidden.map((title) => JSON.stringify(title)).join(', ')}`;
}

/**
 * Properties of the input missing from the serializer's output: unknown to the object model, or
 * of a value it refused. Defaults are left out of the output too, so a missing property is fine
 * when the object model declares it with that very value as its default.
 */
function droppedProperties(input: unknown, output: unknown, path: string): string[] {
  if (Array.isArray(input)) {
    if (!Array.isArray(output) || output.length !== input.length)
      return [`${path}: ${input.length} items, ${Array.isArray(output) ? output.length : 'none'} after serialization`];
    return input.flatMap((item, i) => droppedProperties(item, output[i], `${path}[${i}]`));
  }
  if (!isObject(input) || !isObject(output)) return [];
  const schema = typeof input.type === 'string' ? schemaOf(input.type) : undefined;
  return Object.entries(input).flatMap(([key, value]) => {
    if (key in output) return droppedProperties(value, output[key], `${path}.${key}`);
    if (Array.isArray(value) && value.length === 0) return []; // empty collections are not written
    return isDefault(schema, key, value)
      ? []
      : [`${path}.${key}: unknown to the Adaptive Cards 1.5 object model, or a value it refused (${JSON.stringify(value)})`];
  });
}

function schemaOf(type: string): AdaptiveCards.SerializableObjectSchema | undefined {
  const instance =
    type === 'AdaptiveCard'
      ? new AC.AdaptiveCard()
      : (AC.GlobalRegistry.elements.createInstance(type, TARGET_VERSION) ?? AC.GlobalRegistry.actions.createInstance(type, TARGET_VERSION));
  return instance?.getSchema();
}

function isDefault(schema: AdaptiveCards.SerializableObjectSchema | undefined, key: string, value: unknown): boolean {
  for (let i = 0; schema && i < schema.getCount(); i++) {
    const prop = schema.getItemAt(i);
    if (prop.name !== key) continue;
    const fallback: unknown = prop.defaultValue;
    // Enums hold numbers; the card says their names ("Default").
    if (prop instanceof AC.EnumProperty && typeof fallback === 'number') return String(prop.enumType[fallback]).toLowerCase() === String(value).toLowerCase();
    return fallback !== undefined && fallback === value;
  }
  return false;
}

function allActions(node: unknown, path = '$'): { path: string; action: Json }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => allActions(n, `${path}[${i}]`));
  if (!isObject(node)) return [];
  const own = typeof node.type === 'string' && node.type.startsWith('Action.') ? [{ path, action: node }] : [];
  return [...own, ...Object.entries(node).flatMap(([k, v]) => (k === 'data' ? [] : allActions(v, `${path}.${k}`)))];
}

/**
 * Buttons Teams and Web Chat both handle: Submit with object data carrying a string `verb` (Teams
 * drops string data; Web Chat would send it as text), OpenUrl to an absolute http(s) address.
 */
function actionProblems(card: Json): string[] {
  return allActions(card).flatMap(({ path, action }) => {
    if (!ACTION_TYPES.includes(String(action.type))) return [`${path}: ${String(action.type)} is not one of ${ACTION_TYPES.join(', ')}`];
    if (action.type === 'Action.Submit' && !(isObject(action.data) && typeof action.data.verb === 'string'))
      return [`${path}.data: ${JSON.stringify(action.data)} is not an object with a string verb`];
    if (action.type === 'Action.OpenUrl' && !/^https?:\/\/[^/\s]+/.test(String(action.url)))
      return [`${path}.url: ${JSON.stringify(action.url)} is not an absolute http(s) URL`];
    return [];
  });
}

/** The size Teams counts against its message limit: the JSON as UTF-16. */
export const utf16Bytes = (card: unknown) => JSON.stringify(card).length * 2;
