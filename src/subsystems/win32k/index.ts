// win32k.sys's process and thread callouts (W32PROCESS, W32THREAD, DXGPROCESS), for
// PsEstablishWin32Callouts / PsConvertToGuiThread.
export * from './win32k.js';
