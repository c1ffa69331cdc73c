// CSRSS's server side: csrsrv's CSR_PROCESS/CSR_THREAD records and basesrv's process APIs, behind
// the API port ntdll's CsrClientCallServer talks to.
export * from './records.js';
export { CsrServer, type CsrServerOptions } from './server.js';
export { createCsrApiPort } from './port.js';
