import type { OpenDialogOptions, SaveDialogOptions } from 'electron';

/**
 * The native file dialogs the page may ask for, by purpose. The page never names a path
 * itself: it gets back the paths the user picked, or null when they cancelled.
 */
export const dialogPurposes = [
  'import-files',
  'import-uwazi',
  'import-thesaurus',
  'export-uwazi-csv',
  'export-thesaurus',
  'open-bundle',
  'save-bundle',
  'export-json',
  'export-csv',
  'export-html',
  'export-docx',
  'save-pdf',
  'export-log',
  'save-report-docx',
  'save-report-html',
] as const;
export type DialogPurpose = (typeof dialogPurposes)[number];

export function isDialogPurpose(value: unknown): value is DialogPurpose {
  return typeof value === 'string' && (dialogPurposes as readonly string[]).includes(value);
}

export type DialogPlan = { kind: 'open'; options: OpenDialogOptions } | { kind: 'save'; options: SaveDialogOptions };

const today = () => new Date().toISOString().slice(0, 10);

export function dialogFor(purpose: DialogPurpose): DialogPlan {
  switch (purpose) {
    case 'import-files':
      return {
        kind: 'open',
        options: {
          title: 'Import documents and spreadsheets',
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: 'Documents, scans and spreadsheets', extensions: ['pdf', 'docx', 'html', 'htm', 'txt', 'md', 'csv', 'xlsx', 'jpg', 'jpeg', 'png', 'tif', 'tiff'] },
            { name: 'All files', extensions: ['*'] },
          ],
        },
      };
    case 'import-uwazi':
      return {
        kind: 'open',
        options: {
          title: "Choose Uwazi's CSV export, and its template (JSON)",
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: 'CSV and JSON', extensions: ['csv', 'json'] },
            { name: 'All files', extensions: ['*'] },
          ],
        },
      };
    case 'import-thesaurus':
      return { kind: 'open', options: { title: 'Read terms from a thesaurus CSV', properties: ['openFile'], filters: [{ name: 'CSV', extensions: ['csv'] }] } };
    case 'export-uwazi-csv':
      return { kind: 'save', options: { title: 'Export CSV for Uwazi (not encrypted)', defaultPath: `uwazi-${today()}.csv`, filters: [{ name: 'CSV', extensions: ['csv'] }] } };
    case 'export-thesaurus':
      return {
        kind: 'save',
        options: { title: 'Save the list as a thesaurus CSV (not encrypted)', defaultPath: `thesaurus-${today()}.csv`, filters: [{ name: 'CSV', extensions: ['csv'] }] },
      };
    case 'open-bundle':
      return { kind: 'open', options: { title: 'Import a bundle', properties: ['openFile'], filters: [{ name: 'Vigil bundles', extensions: ['vigil'] }] } };
    case 'save-bundle':
      return { kind: 'save', options: { title: 'Make a bundle', defaultPath: `vigil-${today()}.vigil`, filters: [{ name: 'Vigil bundles', extensions: ['vigil'] }] } };
    case 'export-json':
      return { kind: 'save', options: { title: 'Export (not encrypted)', defaultPath: `vigil-export-${today()}.json`, filters: [{ name: 'JSON', extensions: ['json'] }] } };
    case 'export-csv':
      return { kind: 'open', options: { title: 'Export CSV into a folder (not encrypted)', properties: ['openDirectory', 'createDirectory'] } };
    case 'export-html':
      return {
        kind: 'save',
        options: { title: 'Export a printable report (not encrypted)', defaultPath: `vigil-report-${today()}.html`, filters: [{ name: 'Web page', extensions: ['html'] }] },
      };
    case 'export-docx':
      return {
        kind: 'save',
        options: { title: 'Save as a Word document (not encrypted)', defaultPath: `vigil-records-${today()}.docx`, filters: [{ name: 'Word document', extensions: ['docx'] }] },
      };
    case 'save-pdf':
      return { kind: 'save', options: { title: 'Save as PDF (not encrypted)', defaultPath: `vigil-report-${today()}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] } };
    case 'save-report-docx':
      return {
        kind: 'save',
        options: { title: 'Save the trial report (not encrypted)', defaultPath: `trial-report-${today()}.docx`, filters: [{ name: 'Word document', extensions: ['docx'] }] },
      };
    case 'save-report-html':
      return {
        kind: 'save',
        options: { title: 'Save the trial report (not encrypted)', defaultPath: `trial-report-${today()}.html`, filters: [{ name: 'Web page', extensions: ['html'] }] },
      };
    // The activity log is one CSV file (not a folder of them, as a records export is): saved by name.
    case 'export-log':
      return {
        kind: 'save',
        options: { title: 'Export the activity log (not encrypted)', defaultPath: `vigil-activity-log-${today()}.csv`, filters: [{ name: 'CSV', extensions: ['csv'] }] },
      };
  }
}
