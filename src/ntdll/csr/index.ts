// The CSRSS client side of ntdll (CsrClientCallServer over the session's API port).
export * from './client.js';
