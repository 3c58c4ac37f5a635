import { MAX_JSON_DEPTH, nestedDeeperThan, usableEntities } from '../server/json-shape';

/**
 * Checks a POST /api/messages body before botbuilder sees it, so that a client's mistake gets a
 * 4xx with a short reason instead of an exception deep in the adapter (which answers 500).
 */
export type GuardResult = { ok: true; activity: Record<string, unknown> } | { ok: false; status: number; code: string; message: string };

export const UNKNOWN_CHANNEL = 'unknown';
/** Activity types the bot may answer. */
const ANSWERED_TYPES = ['message', 'conversationUpdate', 'installationUpdate', 'invoke'];

const bad = (message: string): GuardResult => ({ ok: false, status: 400, code: 'BadRequest', message });

const hasStringId = (v: unknown): boolean =>
  !!v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' && (v as { id: string }).id.length > 0;

/** `body` is what the body reader left: a string, a Buffer or nothing. */
export function checkActivityBody(contentType: string | undefined, body: unknown): GuardResult {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
    return { ok: false, status: 415, code: 'UnsupportedMediaType', message: 'the body must be JSON (Content-Type: application/json)' };
  }
  const raw = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  if (raw.trim() === '') return bad('the body is empty: expected an activity');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return bad('the body is not valid JSON');
  }
  return checkActivity(parsed);
}

export function checkActivity(value: unknown): GuardResult {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return bad('the body must be an activity object');
  if (nestedDeeperThan(value)) return bad(`the activity nests more than ${MAX_JSON_DEPTH} levels deep`);
  const a = value as Record<string, unknown>;
  if (typeof a.type !== 'string' || a.type.trim() === '') return bad('the activity has no type');
  if (!hasStringId(a.conversation)) return bad('the activity has no conversation (with an id)');
  if (!hasStringId(a.from)) return bad('the activity has no from (with an id)');
  // State is stored per channel and botbuilder throws without one: a client that omits it gets its own namespace.
  if (a.channelId === undefined || a.channelId === null || a.channelId === '') a.channelId = UNKNOWN_CHANNEL;
  if (typeof a.channelId !== 'string') return bad("the activity's channelId must be a string");
  for (const field of ['text', 'locale', 'serviceUrl', 'id', 'deliveryMode'] as const) {
    if (a[field] !== undefined && a[field] !== null && typeof a[field] !== 'string') return bad(`the activity's ${field} must be a string`);
  }
  for (const field of ['entities', 'attachments', 'membersAdded', 'membersRemoved'] as const) {
    const list = a[field];
    if (list !== undefined && list !== null && (!Array.isArray(list) || !list.every((x) => x && typeof x === 'object'))) {
      return bad(`the activity's ${field} must be a list of objects`);
    }
  }
  if (a.recipient !== undefined && (!a.recipient || typeof a.recipient !== 'object')) return bad("the activity's recipient must be an object");
  // These end up in replies and in HTTP headers to the channel: botbuilder fails on anything else.
  for (const who of ['from', 'recipient'] as const) {
    const account = a[who] as Record<string, unknown> | undefined;
    for (const field of ['id', 'name', 'aadObjectId', 'role'] as const) {
      if (account && account[field] !== undefined && account[field] !== null && typeof account[field] !== 'string')
        return bad(`the activity's ${who}.${field} must be a string`);
    }
  }
  if (!/^[\x20-\x7e]+$/.test((a.conversation as { id: string }).id)) return bad("the activity's conversation id must be printable ASCII");
  if (a.entities !== undefined) a.entities = usableEntities(a.entities);
  // Replies go to serviceUrl, unless they come back in the response body (expectReplies);
  // without one, botbuilder would post them to api.botframework.com. Other types get no reply.
  if (ANSWERED_TYPES.includes(a.type) && a.deliveryMode !== 'expectReplies' && !isHttpUrl(a.serviceUrl)) {
    return bad('the activity has no serviceUrl to reply to (or use deliveryMode "expectReplies")');
  }
  return { ok: true, activity: a };
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
