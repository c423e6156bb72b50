/**
 * The IPC channels between the page and the main process: the preload may use these and no
 * others. (preload.cts repeats them, as a sandboxed preload cannot import; a test keeps the two equal.)
 */
export const uiChannels = {
  call: 'vigil:call',
  progress: 'vigil:progress',
  choose: 'vigil:choose',
  autoLock: 'vigil:auto-lock',
  printPdf: 'vigil:print-pdf',
  locked: 'vigil:locked',
  menu: 'vigil:menu',
  openFolder: 'vigil:open-folder',
  granted: 'vigil:granted',
} as const;
