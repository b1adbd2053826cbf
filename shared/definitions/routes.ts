/**
 * The HTTP routes, defined once: the CDK stack creates API Gateway routes from this list,
 * the local server dispatches with it, and the OpenAPI document describes it.
 */

import { type AgencyRole, agencyRoles } from '../domain/agencies.ts';
import type { FunctionDefinition } from './functions.ts';
import {
  ingestRecordFunction,
  issueCertificateFunction,
  publicDocumentsFunction,
} from './functions.ts';

export { type AgencyRole, agencyRoles };
export const roles = [...agencyRoles, 'citizen', 'unit', 'supervisor'] as const;
export type Role = (typeof roles)[number];

export type RouteDefinition = {
  method: 'GET' | 'POST';
  path: string;
  function: FunctionDefinition;
  /** Roles admitted; `public` routes need no token. */
  auth: { kind: 'public' } | { kind: 'jwt'; roles: readonly Role[] };
  summary: string;
};

export const routes = [
  {
    method: 'POST',
    path: '/v1/records',
    function: ingestRecordFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary: 'Submit a judgment or related record; sealing is decided at once.',
  },
  {
    method: 'POST',
    path: '/v1/certificates',
    function: issueCertificateFunction,
    auth: { kind: 'jwt', roles: ['citizen'] },
    summary: 'Issue a no-criminal-record certificate to the caller as a verifiable credential.',
  },
  {
    method: 'GET',
    path: '/.well-known/did.json',
    function: publicDocumentsFunction,
    auth: { kind: 'public' },
    summary: 'The issuer DID document (did:web) with every current and retired signing key.',
  },
  {
    method: 'GET',
    path: '/v1/trust-bundle',
    function: publicDocumentsFunction,
    auth: { kind: 'public' },
    summary: 'The issuer DID documents as one file for offline verifiers to pin.',
  },
  {
    method: 'GET',
    path: '/contexts/no-criminal-record/v1',
    function: publicDocumentsFunction,
    auth: { kind: 'public' },
    summary: 'The JSON-LD context of the NoCriminalRecordCertificate credential type.',
  },
  {
    method: 'GET',
    path: '/openapi.json',
    function: publicDocumentsFunction,
    auth: { kind: 'public' },
    summary: 'This API described as OpenAPI 3.1, generated from the request schemas.',
  },
] as const satisfies readonly RouteDefinition[];
