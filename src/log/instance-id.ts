import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process's name in logs and health answers: App Service's instance id when there is one
 * (shortened), else the host name, with a random part per start, so two starts on one host differ.
 */
export const INSTANCE_ID = `${(process.env.WEBSITE_INSTANCE_ID ?? hostname()).slice(0, 12)}-${randomBytes(2).toString('hex')}`;
