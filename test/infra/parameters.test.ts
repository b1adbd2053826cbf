/** Deployment parameters: safe defaults, CLI strings coerced, mistakes refused before synthesis. */
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { defaultParameters, ParameterError, readParameters } from '#infra/parameters.ts';

const read = (context: Record<string, unknown>) => readParameters(new App({ context }).node);

describe('Method: readParameters', () => {
  it('falls back to the documented defaults', () => {
    const parameters = read({});
    expect(parameters).toMatchObject({
      region: 'cn-north-1',
      issuerDomain: defaultParameters.issuerDomain,
      credentialValidityDays: 90,
      logRetentionDays: 180,
      tracing: false,
    });
  });

  it('traces by default outside the China Regions only, where Lambda offers X-Ray', () => {
    expect(read({ region: 'cn-northwest-1' }).tracing).toBe(false);
    expect(read({ region: 'eu-central-1' }).tracing).toBe(true);
    expect(read({ region: 'cn-north-1', tracing: 'true' }).tracing).toBe(true);
  });

  it('coerces the strings `cdk -c name=value` passes', () => {
    const parameters = read({
      credentialValidityDays: '30',
      tracing: 'false',
      signingKeys: '[{"id":"a","status":"retired"},{"id":"b","status":"active"}]',
      logRetentionDays: '365',
    });
    expect(parameters).toMatchObject({
      credentialValidityDays: 30,
      tracing: false,
      logRetentionDays: 365,
    });
    expect(parameters.signingKeys.map((key) => key.id)).toEqual(['a', 'b']);
  });

  it.each([
    [
      {
        signingKeys: [
          { id: 'a', status: 'active' },
          { id: 'b', status: 'active' },
        ],
      },
      /exactly one/,
    ],
    [
      {
        signingKeys: [
          { id: 'a', status: 'retired' },
          { id: 'a', status: 'active' },
        ],
      },
      /repeat/,
    ],
    [{ logRetentionDays: 30 }, /six months/],
    [{ apiClientErrorRatio: 2 }, /apiClientErrorRatio/],
    [{ issuerDomain: 'Not A Host' }, /issuerDomain/],
    [{ reservedConcurrency: { 'ingest-record': 5 } }, /issue-certificate: missing/],
  ])('refuses %j', (context, message) => {
    expect(() => read(context)).toThrow(ParameterError);
    expect(() => read(context)).toThrow(message);
  });

  it('takes the agencies’ egress networks as IPv4 CIDRs, and refuses anything else', () => {
    expect(read({ agencyNetworks: '["203.0.113.0/24","198.51.100.7/32"]' }).agencyNetworks).toEqual(
      ['203.0.113.0/24', '198.51.100.7/32'],
    );
    for (const wrong of [
      '["203.0.113.0"]',
      '["2001:db8::/32"]',
      'not json',
      '["203.0.113.0/33"]',
    ]) {
      expect(() => read({ agencyNetworks: wrong }), wrong).toThrow(ParameterError);
    }
  });

  it('has no identity-provider defaults: those are required at deployment', () => {
    const names = Object.keys(defaultParameters).join(' ');
    expect(names).not.toMatch(/oidc|issuerUrl|audience|jwks/i);
    expect(JSON.stringify(defaultParameters)).not.toMatch(/login\.|realms/);
  });
});
