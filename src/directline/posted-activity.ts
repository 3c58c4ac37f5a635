import { MAX_JSON_DEPTH, nestedDeeperThan, usableEntities } from '../server/json-shape';
import type { Activity } from 'botbuilder';

/** Activity types a web chat client may send; Web Chat itself sends messages, and events when a page asks it to. */
const ACCEPTED_TYPES = new Set(['message', 'event', 'typing']);
const MAX_ENTITIES = 10;

export type PostedCheck = { ok: true; activity: Partial<Activity> } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Keeps from a posted activity only what a client may say: its type, text, card values, locale,
 * channel data (Web Chat's clientActivityID) and a few entities. Who sent it, in which
 * conversation and on which channel is set by the server from the token, never taken from the body.
 */
export function checkPostedActivity(body: unknown): PostedCheck {
  if (!isObject(body)) return { ok: false, message: 'the body must be an activity object' };
  if (nestedDeeperThan(body)) return { ok: false, message: `the activity nests more than ${MAX_JSON_DEPTH} levels deep` };
  if (typeof body.type !== 'string' || !ACCEPTED_TYPES.has(body.type)) return { ok: false, message: 'the activity type must be message, event or typing' };
  for (const field of ['text', 'locale', 'name', 'textFormat'] as const) {
    if (body[field] !== undefined && body[field] !== null && typeof body[field] !== 'string')
      return { ok: false, message: `the activity's ${field} must be a string` };
  }
  if (Array.isArray(body.attachments) && body.attachments.length > 0) return { ok: false, message: 'attachments are not accepted on this channel' };
  if (body.channelData !== undefined && body.channelData !== null && !isObject(body.channelData))
    return { ok: false, message: "the activity's channelData must be an object" };
  if (body.entities !== undefined && body.entities !== null && (!Array.isArray(body.entities) || !body.entities.every(isObject))) {
    return { ok: false, message: "the activity's entities must be a list of objects" };
  }
  const activity: Partial<Activity> = { type: body.type };
  if (typeof body.text === 'string') activity.text = body.text;
  if (typeof body.textFormat === 'string') activity.textFormat = body.textFormat;
  if (typeof body.locale === 'string') activity.locale = String(body.locale).slice(0, 20);
  if (typeof body.name === 'string') activity.name = String(body.name).slice(0, 100);
  if (body.value !== undefined) activity.value = body.value;
  if (isObject(body.channelData)) activity.channelData = body.channelData;
  if (Array.isArray(body.entities)) activity.entities = usableEntities(body.entities)!.slice(0, MAX_ENTITIES) as Activity['entities'];
  return { ok: true, activity };
}
