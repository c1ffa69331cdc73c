import type { CsrApiPort } from '../../ntdll/index.js';
import type { CsrServer } from './server.js';

/**
 * The session's `\Sessions\<n>\Windows\ApiPort` as a client's ntdll holds it after
 * CsrClientConnectToServer: each request is an ALPC round trip (NtAlpcSendWaitReceivePort) to a
 * CSRSS server thread, which the model shortens to a call of the server.
 */
export function createCsrApiPort(server: CsrServer): CsrApiPort {
  return {
    sessionId: server.sessionId,
    request: (client, r) => server.request(client, r),
  };
}
