import fc from 'fast-check';

/**
 * Generators of hostile input for the HTTP edge: strings that break naive code (lone surrogates,
 * direction marks, joiners, NUL, combining marks, lunr query syntax, huge), values of the wrong
 * type, and activities that are almost right.
 */

/** Leaves the field out of the generated object. */
export const ABSENT = Symbol('absent');
type Maybe<T> = T | typeof ABSENT;

/** Pieces that trip parsers, normalizers, folders, tokenizers and renderers. */
const ODD_PIECES = [
  '\u0000',
  '\u0001',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\uffff',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\udfff\ud800', // lone and reversed surrogates
  '\u0301',
  '\u0327\u0301\u0308',
  'e\u0301',
  'é',
  'ç',
  'Œ',
  'ß',
  'İ',
  'ı',
  'ﬁ',
  'Ǆ',
  'ǅ',
  '\u0345',
  'ﷺ',
  '\u{1d56c}',
  '👩‍👩‍👧‍👦',
  '🇶🇨',
  '🏳️‍🌈',
  '👍🏽',
  '\u{10ffff}',
  '\u{e0001}',
  '\u{1f600}',
  'עברית',
  'العربية',
  '中文',
  '한국어',
  'ᐃᓄᒃᑎᑐᑦ',
  'Ελληνικά',
  'кириллица',
  ':',
  '~',
  '^',
  '+',
  '-',
  '*',
  '~2',
  '^10',
  'name:',
  '+francais',
  '-cours',
  'cours*',
  'fr~1',
  'title:x^3~2',
  '::',
  '*:*',
  '"',
  "'",
  '\\',
  '\\u0000',
  '%',
  '%00',
  '%s',
  '{{',
  '}}',
  '{{reference}}',
  '$t(bot:help)',
  '${x}',
  '<script>alert(1)</script>',
  '<img src=x onerror=1>',
  '](javascript:alert(1))',
  '[x](http://127.0.0.1:1)',
  '**',
  '__',
  '\n',
  '\r\n',
  '\t',
  '   ',
  '?',
  '!',
  '?!',
  '…',
  '«',
  '»',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'then',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  'true',
];

/** Words and phrases the bot understands: commands, search terms, answers. */
export const REAL_TEXTS = [
  'bonjour',
  'hello',
  'aide',
  'help',
  '?',
  'recommencer',
  'restart',
  'annuler',
  'cancel',
  'langue',
  'language',
  'français',
  'English',
  'in French',
  'chercher',
  'search',
  'admissibilité',
  'am I eligible',
  'suis-je admissible',
  'eligibility',
  'mes références',
  'my referrals',
  'kb status',
  'kb reload',
  'cours de français',
  'French classes',
  'assurance maladie',
  'health insurance',
  'RAMQ',
  'emploi',
  'job',
  'logement',
  'housing',
  'garderie',
  'Oui',
  'Non',
  'Yes',
  'No',
  'oui',
  'non',
  'Je ne sais pas',
  "I don't know",
  'retour',
  'back',
  '1',
  '2',
  '3',
  '0',
  '-1',
  '99999999999999999999',
  '34 ans',
  '34',
  '1er mai 2023',
  'May 1 2023',
  '2023-05-01',
  '2999-12-31',
  '0000-00-00',
  '2023-02-30',
  'Lettre en français',
  'Lettre en anglais',
  'Letter in English',
  'résident permanent',
  'permanent resident',
  'Montréal',
  'montreal',
  'asylum claimant',
  'demandeur d’asile',
];

export const REAL_VERBS = ['details', 'eligibility', 'answer', 'refer', 'referralStatus', 'referralLabel'];
export const REAL_SPECIALS = ['dontKnow', 'back'];
export const REAL_STATUSES = ['created', 'sent', 'accepted', 'closed'];

export const oddString = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(...ODD_PIECES), fc.constantFrom(...REAL_TEXTS), fc.string({ maxLength: 4 })), { maxLength: 12 }),
    fc.constantFrom('', ' ', '\u200b'),
  )
  .map(([parts, separator]) => parts.join(separator));

/** Up to `max` characters: a short pattern repeated, cut anywhere (which may split a surrogate pair). */
export const hugeString = (max: number) =>
  fc
    .tuple(
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 6 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
        fc.constantFrom(...ODD_PIECES.filter((p) => p.length > 0)),
      ),
      fc.integer({ min: Math.min(1_000, max), max }),
    )
    .map(([pattern, n]) => pattern.repeat(Math.ceil(n / pattern.length)).slice(0, n));

/** Any string, from the plausible to the hostile. `maxHuge` bounds the rare huge one. */
export const anyString = (maxHuge = 100_000) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...REAL_TEXTS) },
    { weight: 4, arbitrary: oddString },
    { weight: 2, arbitrary: fc.string() },
    { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: hugeString(maxHuge) },
  );

/** Values where a string, an object or a list was expected. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(
    fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('id', 'text', 'type', 'locale', 'toString', 'valueOf', 'length')),
    fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)),
    { maxKeys: 4 },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A field that should be a string: usually one, sometimes something else, sometimes missing. */
export const stringField = (valid: fc.Arbitrary<unknown>, maxHuge = 100_000): fc.Arbitrary<Maybe<unknown>> =>
  fc.oneof(
    { weight: 10, arbitrary: valid },
    { weight: 3, arbitrary: anyString(maxHuge) },
    { weight: 2, arbitrary: wrongValue },
    { weight: 1, arbitrary: fc.constant(ABSENT) },
  );

/** A field usually right, sometimes anything, sometimes missing (for the fields every activity needs). */
const mostlyValid = (valid: fc.Arbitrary<unknown>, maxHuge = 10_000): fc.Arbitrary<Maybe<unknown>> =>
  fc.oneof(
    { weight: 20, arbitrary: valid },
    { weight: 1, arbitrary: anyString(maxHuge) },
    { weight: 1, arbitrary: wrongValue },
    { weight: 1, arbitrary: fc.constant(ABSENT) },
  );

/** An Adaptive Card Action.Submit's data, real verbs and ids or not, and the fields of the answer buttons. */
export const cardValue = (offeringIds: string[], factIds: string[]) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        {
          verb: fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...REAL_VERBS) },
            { weight: 1, arbitrary: anyString(2_000) },
            { weight: 1, arbitrary: wrongValue },
          ),
          offeringId: fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...offeringIds) },
            { weight: 1, arbitrary: anyString(2_000) },
            { weight: 1, arbitrary: wrongValue },
          ),
          fact: fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...factIds) },
            { weight: 1, arbitrary: anyString(2_000) },
            { weight: 1, arbitrary: wrongValue },
          ),
          value: fc.oneof(
            fc.constantFrom(...REAL_TEXTS),
            fc.constantFrom('permanent-resident', 'montreal', 'asylum-claimant', true, false, 34, -1, 1e308, 0),
            anyString(2_000),
            wrongValue,
          ),
          special: fc.oneof(fc.constantFrom(...REAL_SPECIALS), anyString(200), wrongValue),
          referralId: fc.oneof(fc.uuid(), anyString(500), wrongValue),
          status: fc.oneof(fc.constantFrom(...REAL_STATUSES), anyString(200), wrongValue),
          action: fc.record(
            { type: fc.constantFrom('Action.Execute', 'Action.Submit'), verb: fc.constantFrom(...REAL_VERBS), data: wrongValue },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: wrongValue },
    { weight: 1, arbitrary: anyString(2_000) },
  );

export interface ActivityOptions {
  offeringIds: string[];
  factIds: string[];
  /** Where replies may be posted: a stand-in on 127.0.0.1. */
  serviceUrl: string;
  conversations: string[];
  users: string[];
}

const TYPES = [
  'message',
  'message',
  'message',
  'message',
  'message',
  'conversationUpdate',
  'installationUpdate',
  'invoke',
  'event',
  'typing',
  'messageReaction',
  'endOfConversation',
  'messageUpdate',
  'messageDelete',
  'deleteUserData',
  'handoff',
  'trace',
  'command',
  'Message',
  '',
];
const CHANNELS = ['webchat', 'msteams', 'emulator', 'directline', 'test', 'slack'];

/** A POST /api/messages body: an activity, mostly shaped right, with any field wrong or missing. */
export const botFrameworkActivity = (o: ActivityOptions): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      type: mostlyValid(fc.constantFrom(...TYPES)),
      id: stringField(fc.uuid(), 2_000),
      channelId: stringField(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CHANNELS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), 2_000),
      conversation: mostlyValid(
        fc.oneof(
          {
            weight: 8,
            arbitrary: fc.record(
              {
                id: fc.constantFrom(...o.conversations),
                conversationType: fc.constantFrom('personal', 'channel', 'groupChat', undefined),
                tenantId: fc.option(fc.uuid(), { nil: undefined }),
              },
              { requiredKeys: ['id'] },
            ),
          },
          { weight: 1, arbitrary: fc.record({ id: anyString(5_000) }) },
          { weight: 1, arbitrary: fc.record({ id: wrongValue, name: anyString(100) }, { requiredKeys: [] }) },
        ),
      ),
      from: mostlyValid(
        fc.oneof(
          {
            weight: 8,
            arbitrary: fc.record(
              {
                id: fc.constantFrom(...o.users),
                name: fc.oneof(fc.constantFrom('Some One', ''), anyString(1_000), wrongValue),
                aadObjectId: fc.oneof(fc.uuid(), anyString(200), wrongValue),
                role: fc.constantFrom('user', 'bot', 'skill'),
              },
              { requiredKeys: ['id'] },
            ),
          },
          { weight: 1, arbitrary: fc.record({ id: anyString(5_000) }) },
          { weight: 1, arbitrary: fc.record({ id: wrongValue }, { requiredKeys: [] }) },
        ),
      ),
      recipient: stringField(
        fc.record({ id: fc.constantFrom('passerelle', '28:passerelle', ''), name: fc.constantFrom('Passerelle', '') }, { requiredKeys: [] }),
      ),
      text: stringField(fc.constantFrom(...REAL_TEXTS)),
      textFormat: stringField(fc.constantFrom('plain', 'markdown', 'xml')),
      locale: stringField(fc.constantFrom('fr-CA', 'en-US', 'fr', 'en', 'fr_FR', 'EN', 'de-DE', 'zz', 'fr-CA-x-private', '*')),
      deliveryMode: mostlyValid(fc.constantFrom('expectReplies', 'expectReplies', 'expectReplies', 'normal', 'notification', 'ephemeral')),
      serviceUrl: stringField(fc.constantFrom(o.serviceUrl, o.serviceUrl, 'not a url', 'ftp://127.0.0.1/', 'http://', 'javascript:alert(1)')),
      value: fc.oneof({ weight: 3, arbitrary: fc.constant(ABSENT) }, { weight: 3, arbitrary: cardValue(o.offeringIds, o.factIds) }),
      name: stringField(
        fc.constantFrom(
          'adaptiveCard/action',
          'task/fetch',
          'composeExtension/query',
          'signin/verifyState',
          'webchat/join',
          'application/vnd.microsoft.readReceipt',
        ),
      ),
      action: stringField(fc.constantFrom('add', 'remove', 'add-upgrade', 'remove-upgrade')),
      replyToId: stringField(fc.constantFrom('msg-1', '1', '')),
      timestamp: stringField(fc.constantFrom(new Date(0).toISOString(), '2026-11-29T12:00:00Z', 'yesterday')),
      entities: stringField(
        fc.array(
          fc.oneof(
            fc.record(
              { type: fc.constant('clientInfo'), locale: fc.oneof(fc.constantFrom('en-US', 'fr-CA'), anyString(500), wrongValue) },
              { requiredKeys: ['type'] },
            ),
            fc.record(
              {
                type: fc.constant('mention'),
                text: fc.oneof(fc.constantFrom('<at>Passerelle</at>'), anyString(500), wrongValue),
                mentioned: fc.oneof(fc.record({ id: fc.constantFrom('passerelle', '28:passerelle') }), wrongValue),
              },
              { requiredKeys: ['type'] },
            ),
            fc.dictionary(fc.string({ maxLength: 6 }), wrongValue, { maxKeys: 3 }),
          ),
          { maxLength: 4 },
        ),
      ),
      attachments: stringField(
        fc.array(
          fc.record(
            {
              contentType: fc.constantFrom('application/vnd.microsoft.card.adaptive', 'image/png', 'text/plain'),
              content: wrongValue,
              contentUrl: fc.constantFrom('http://127.0.0.1:1/x.png', 'data:,x'),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      ),
      membersAdded: stringField(
        fc.array(
          fc.record({ id: fc.oneof(fc.constantFrom(...o.users, 'passerelle'), anyString(200), wrongValue), name: anyString(100) }, { requiredKeys: [] }),
          { maxLength: 4 },
        ),
      ),
      membersRemoved: stringField(fc.array(fc.record({ id: fc.constantFrom(...o.users) }), { maxLength: 2 })),
      channelData: stringField(
        fc.record(
          {
            tenant: fc.oneof(fc.record({ id: fc.oneof(fc.uuid(), anyString(200), wrongValue) }), wrongValue),
            clientActivityID: fc.oneof(fc.uuid(), anyString(500), wrongValue),
            postBack: fc.boolean(),
            legacy: wrongValue,
          },
          { requiredKeys: [] },
        ),
      ),
      extra: fc.oneof(
        { weight: 5, arbitrary: fc.constant(ABSENT) },
        { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), wrongValue, { maxKeys: 5 }) },
      ),
    })
    .chain((fields) =>
      fc.record({
        fields: fc.constant(fields),
        repair: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        replyTo: fc.constantFrom('expectReplies', 'serviceUrl'),
      }),
    )
    .map(({ fields, repair, replyTo }) => {
      const activity = assemble(fields);
      return repair ? repairBotFrameworkActivity(activity, o, replyTo) : activity;
    });

function assemble(fields: Record<string, unknown>): Record<string, unknown> {
  const activity: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === ABSENT) continue;
    if (k === 'extra') Object.assign(activity, v as object);
    else activity[k] = v;
  }
  return activity;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const hasStringId = (v: unknown) => isObject(v) && typeof v.id === 'string' && v.id.length > 0;
const isObjectList = (v: unknown) => Array.isArray(v) && v.every((x) => !!x && typeof x === 'object');

/**
 * Two thirds of the generated activities get the types the guard checks put right (the contents
 * stay hostile), so that most reach the bot rather than stopping at a 400: the bot, its dialogs,
 * cards and storage are what fuzzing is for.
 */
function repairBotFrameworkActivity(a: Record<string, unknown>, o: ActivityOptions, replyTo: 'expectReplies' | 'serviceUrl'): Record<string, unknown> {
  if (typeof a.type !== 'string' || a.type.trim() === '') a.type = 'message';
  if (!hasStringId(a.conversation)) a.conversation = { id: o.conversations[0] };
  if (!hasStringId(a.from)) a.from = { id: o.users[0] };
  if (a.channelId !== undefined && typeof a.channelId !== 'string') a.channelId = 'emulator';
  for (const field of ['text', 'locale', 'serviceUrl', 'id', 'deliveryMode'])
    if (a[field] !== undefined && a[field] !== null && typeof a[field] !== 'string') delete a[field];
  for (const field of ['entities', 'attachments', 'membersAdded', 'membersRemoved'])
    if (a[field] !== undefined && a[field] !== null && !isObjectList(a[field])) delete a[field];
  if (a.recipient !== undefined && !isObject(a.recipient)) delete a.recipient;
  if (a.deliveryMode !== 'expectReplies') {
    if (replyTo === 'expectReplies') a.deliveryMode = 'expectReplies';
    else a.serviceUrl = o.serviceUrl;
  }
  return a;
}

/** A body posted by a web chat client to its Direct Line conversation. */
export const postedActivity = (o: Pick<ActivityOptions, 'offeringIds' | 'factIds'>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      type: mostlyValid(fc.constantFrom('message', 'message', 'message', 'message', 'event', 'typing', 'invoke', 'conversationUpdate', 'MESSAGE')),
      text: stringField(fc.constantFrom(...REAL_TEXTS), 70_000),
      textFormat: stringField(fc.constantFrom('plain', 'markdown')),
      locale: stringField(fc.constantFrom('fr-CA', 'en-US', 'fr', 'en', 'de-DE')),
      name: stringField(fc.constantFrom('webchat/join', 'startConversation', '')),
      value: fc.oneof({ weight: 3, arbitrary: fc.constant(ABSENT) }, { weight: 3, arbitrary: cardValue(o.offeringIds, o.factIds) }),
      channelData: stringField(
        fc.record(
          { clientActivityID: fc.oneof(fc.uuid(), anyString(500), wrongValue), 'webchat:sequence-id': fc.integer(), attachmentSizes: wrongValue },
          { requiredKeys: [] },
        ),
      ),
      entities: stringField(
        fc.array(
          fc.oneof(
            fc.record({ type: fc.constant('ClientCapabilities'), requiresBotState: fc.boolean() }),
            fc.record({ type: fc.constant('clientInfo'), locale: fc.oneof(fc.constantFrom('en-US', 'fr-CA'), anyString(200), wrongValue) }),
          ),
          { maxLength: 14 },
        ),
      ),
      attachments: fc.oneof(
        { weight: 8, arbitrary: fc.constant(ABSENT) },
        { weight: 1, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.array(fc.record({ contentType: fc.constant('image/png') }), { minLength: 1, maxLength: 1 }) },
        { weight: 1, arbitrary: wrongValue },
      ),
      // Ignored by the channel (set from the token): a client may still send them.
      from: fc.oneof(
        { weight: 3, arbitrary: fc.constant(ABSENT) },
        { weight: 1, arbitrary: fc.record({ id: anyString(200), name: anyString(200), role: fc.constantFrom('bot', 'user') }) },
        { weight: 1, arbitrary: wrongValue },
      ),
      conversation: fc.oneof({ weight: 3, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: fc.record({ id: anyString(200) }) }),
      channelId: fc.oneof({ weight: 3, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: fc.constantFrom('msteams', 'emulator') }),
      extra: fc.oneof(
        { weight: 5, arbitrary: fc.constant(ABSENT) },
        { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), wrongValue, { maxKeys: 5 }) },
      ),
    })
    .chain((fields) =>
      fc.record({ fields: fc.constant(fields), repair: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }),
    )
    .map(({ fields, repair }) => {
      const a = assemble(fields);
      if (!repair) return a;
      // As for /api/messages: the checked types put right, the contents left hostile.
      if (typeof a.type !== 'string' || !['message', 'event', 'typing'].includes(a.type)) a.type = 'message';
      for (const field of ['text', 'locale', 'name', 'textFormat'])
        if (a[field] !== undefined && a[field] !== null && typeof a[field] !== 'string') delete a[field];
      if (Array.isArray(a.attachments) && a.attachments.length > 0) delete a.attachments;
      if (a.channelData !== undefined && a.channelData !== null && !isObject(a.channelData)) delete a.channelData;
      if (a.entities !== undefined && a.entities !== null && !(Array.isArray(a.entities) && a.entities.every(isObject))) delete a.entities;
      return a;
    });

/** Content types: JSON ones (which pass the type check) and others. Header-safe (fetch refuses the rest). */
export const contentType = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/vnd.microsoft.activity+json',
      'application/json;charset=latin1',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/octet-stream',
      'application/jsonx',
      'json',
      ';',
      '',
      'application/json+x',
      'text/json',
    ),
  },
);

/**
 * Bodies that are not an activity: not JSON, invalid UTF-8, truncated JSON, JSON that is not an
 * object, prototype keys, deep nesting, over the size limit. Strings or bytes.
 */
export const rawBody = (activity: fc.Arbitrary<Record<string, unknown>>, overLimit: number): fc.Arbitrary<string | Uint8Array> =>
  fc.oneof(
    { weight: 3, arbitrary: anyString(20_000) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 4_000 }) },
    {
      weight: 3,
      arbitrary: fc.tuple(activity, fc.double({ min: 0, max: 1, noNaN: true })).map(([a, cut]) => {
        const s = JSON.stringify(a);
        return s.slice(0, Math.floor(s.length * cut));
      }),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc
        .tuple(activity, fc.uint8Array({ minLength: 1, maxLength: 16 }))
        .map(([a, bytes]) => Buffer.concat([Buffer.from(JSON.stringify(a).slice(0, -1) + ',"text":"'), Buffer.from(bytes), Buffer.from('"}')])),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '{"type":"message","__proto__":{"polluted":"yes"},"conversation":{"id":"proto","__proto__":{"id":"x"}},"from":{"id":"u"},"deliveryMode":"expectReplies","text":"aide"}',
        '{"type":"message","constructor":{"prototype":{"polluted":"yes"}},"conversation":{"id":"proto"},"from":{"id":"u"},"deliveryMode":"expectReplies","text":"aide"}',
        '{"type":"message","conversation":{"id":"proto"},"from":{"id":"u"},"deliveryMode":"expectReplies","value":{"__proto__":{"verb":"refer","offeringId":"francisation-quebec"}}}',
        '{"type":"message","conversation":{"id":"dup"},"conversation":{"id":7},"from":{"id":"u"},"deliveryMode":"expectReplies","text":"aide"}',
        '{"type":"message","conversation":{"id":"big"},"from":{"id":"u"},"deliveryMode":"expectReplies","text":"aide","n":1e999999}',
        '\ufeff{"type":"message","conversation":{"id":"bom"},"from":{"id":"u"},"deliveryMode":"expectReplies","text":"aide"}',
        ' \n\t ',
        'null',
        '"message"',
        '[]',
        '{}',
        '{"type":null}',
        '{"type":"message"}',
        'type=message&text=aide',
        '<activity type="message"/>',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: overLimit, max: overLimit + 50_000 }).map((n) => JSON.stringify({ type: 'message', text: 'x'.repeat(n) })) },
    { weight: 2, arbitrary: deeplyNested },
  );

/**
 * An activity with one field nested thousands of levels deep (recursive code overflows its stack
 * on those). Up to 10,000 levels: 50 KB at most, under both endpoints' size limits.
 */
export const deeplyNested: fc.Arbitrary<string> = fc
  .record({
    depth: fc.oneof(fc.integer({ min: 100, max: 2_000 }), fc.integer({ min: 2_000, max: 10_000 })),
    field: fc.constantFrom('channelData', 'value', 'entities', 'recipient'),
    shape: fc.constantFrom('object', 'array'),
    text: fc.constantFrom('aide', 'cours de français', undefined),
  })
  .map(({ depth, field, shape, text }) => {
    const nested = shape === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const inner =
      field === 'entities'
        ? `[${shape === 'object' ? nested : `{"a":${nested}}`}]`
        : field === 'recipient'
          ? `{"id":"passerelle","properties":${nested}}`
          : nested;
    const head = JSON.stringify({ type: 'message', conversation: { id: 'deep' }, from: { id: 'u' }, deliveryMode: 'expectReplies', ...(text ? { text } : {}) });
    return `${head.slice(0, -1)},"${field}":${inner}}`;
  });

/** How deep a JSON text nests (strings skipped): what a failure report says about a deeply nested body. */
export function nestingDepth(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/** A batch size spread over runs: the properties post each run's bodies concurrently. */
export const batchOf = <T>(arb: fc.Arbitrary<T>, size: number) => fc.array(arb, { minLength: size, maxLength: size });
