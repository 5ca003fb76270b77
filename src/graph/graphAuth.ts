import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { GraphCredential } from '../config';

/** The bearer token sent with GRAPH_CREDENTIAL=local-fake-token (a fake Graph on this machine only; config refuses it elsewhere). */
export const localFakeBearerToken = 'local-fake-token';

/** App-only: the permissions granted to the app registration, not a user's. */
const graphScope = 'https://graph.microsoft.com/.default';

function tokenCredential(credential: Exclude<GraphCredential, { kind: 'localFakeToken' }>, tenantId: string, clientId: string): TokenCredential {
  switch (credential.kind) {
    case 'clientSecret':
      return new ClientSecretCredential(tenantId, clientId, credential.secret);
    case 'certificate':
      return new ClientCertificateCredential(tenantId, clientId, { certificatePath: credential.path });
    case 'managedIdentity':
      return credential.clientId ? new ManagedIdentityCredential({ clientId: credential.clientId }) : new ManagedIdentityCredential();
  }
}

/** Where the Graph client gets its token: @azure/identity (which caches and renews it), or the fixed local one. */
export function graphAuthProvider(credential: GraphCredential, tenantId: string, clientId: string): AuthenticationProvider {
  if (credential.kind === 'localFakeToken') return { getAccessToken: async () => localFakeBearerToken };
  return new TokenCredentialAuthenticationProvider(tokenCredential(credential, tenantId, clientId), { scopes: [graphScope] });
}
