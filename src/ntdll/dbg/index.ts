export {
  DbgBreakPoint,
  DbgUiConnectToDbg,
  DbgUiContinue,
  DbgUiDebugActiveProcess,
  DbgUiGetThreadDebugObject,
  DbgUiIssueRemoteBreakin,
  DbgUiRemoteBreakin,
  DbgUiRemoteBreakinAddress,
  DbgUiSetThreadDebugObject,
  DbgUiStopDebugging,
  DbgUiWaitStateChange,
  type DbgUiWaitStateChangeRecord,
} from './dbgui.js';
