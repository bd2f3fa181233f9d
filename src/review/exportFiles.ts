import { type AttuneExport, eventsCsv, toJson, turnsCsv } from '../core/exportFormat.ts';
import { saveFile } from '../ui/dom.ts';

/** Saves an export (one session or a whole learner) as `<name>.json`. */
export function saveExport(name: string, data: AttuneExport): void {
  saveFile(`${name}.json`, toJson(data), 'application/json');
}

/**
 * Saves a session as two CSV files: events and turns have different columns, and each opens as one sheet in a
 * spreadsheet.
 */
export function saveSessionCsv(name: string, data: AttuneExport): void {
  saveFile(`${name}-events.csv`, eventsCsv(data), 'text/csv');
  saveFile(`${name}-turns.csv`, turnsCsv(data), 'text/csv');
}
