import { roleOf, type RolePolicy } from '../../src/bot/roles';

const TENANT = '11111111-1111-4111-8111-111111111111';
const ADMIN = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const policy = (localMode: boolean): RolePolicy => ({ allowedTenantIds: [TENANT], adminObjectIds: [ADMIN], localMode });
const teams = (tenant: string | undefined, aad: string | undefined) => ({
  channelId: 'msteams',
  from: { aadObjectId: aad },
  channelData: tenant ? { tenant: { id: tenant } } : {},
});

describe('roleOf', () => {
  it('Teams: allowed tenant → caseworker; admin only with a listed object id in that tenant', () => {
    expect(roleOf(teams(TENANT, 'someone'), policy(false))).toEqual({ audience: 'caseworker', admin: false });
    expect(roleOf(teams(TENANT.toUpperCase(), ADMIN.toUpperCase()), policy(false))).toEqual({ audience: 'caseworker', admin: true });
    expect(roleOf(teams('other', ADMIN), policy(false))).toEqual({ audience: 'self', admin: false, reason: 'tenantNotAllowed' });
    expect(roleOf(teams(undefined, ADMIN), policy(true))).toEqual({ audience: 'self', admin: false, reason: 'tenantNotAllowed' });
  });

  it('the web chat is always the newcomer, even in local mode', () => {
    for (const channelId of ['webchat', 'directline'])
      expect(roleOf({ channelId }, policy(true))).toEqual({ audience: 'self', admin: false, reason: 'newcomerChannel' });
  });

  it('other channels are caseworker tools in local mode only, never admin', () => {
    expect(roleOf({ channelId: 'emulator' }, policy(true))).toEqual({ audience: 'caseworker', admin: false });
    expect(roleOf({ channelId: 'emulator', from: { aadObjectId: ADMIN } }, policy(false))).toEqual({ audience: 'self', admin: false, reason: 'notLocal' });
  });
});
