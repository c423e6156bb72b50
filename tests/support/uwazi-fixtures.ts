/**
 * Files in the shapes Uwazi's API and CSV export give (huridocs/uwazi: app/api/csv/csvExporter.ts,
 * typeFormatters.ts; /api/templates and /api/thesauris answers): a template with one property of
 * each type Vigil reads, its thesauri with a group and its children, and entities as Uwazi's
 * export writes them (labels as headers, its own columns, "~" in date ranges).
 */
export const incidentTemplateId = '5e2f4a1b9c3d7e0012a4b001';
export const violationsThesaurusId = '5e2f4a1b9c3d7e0012a4c001';
export const countriesThesaurusId = '5e2f4a1b9c3d7e0012a4c002';

export const uwaziTemplates = {
  rows: [
    {
      _id: '5e2f4a1b9c3d7e0012a4b999',
      name: 'Mentions',
      properties: [{ _id: 'p0', label: 'Note', type: 'text', name: 'note' }],
    },
    {
      _id: incidentTemplateId,
      name: 'Incident',
      color: '#C03B22',
      default: false,
      commonProperties: [
        { label: 'Title', name: 'title', type: 'text', isCommonProperty: true },
        { label: 'Date added', name: 'creationDate', type: 'date', isCommonProperty: true },
      ],
      properties: [
        { _id: 'p1', label: 'Description', type: 'markdown', name: 'description' },
        { _id: 'p2', label: 'Victims', type: 'numeric', name: 'victims' },
        { _id: 'p3', label: 'Date', type: 'date', name: 'date' },
        { _id: 'p4', label: 'Period', type: 'daterange', name: 'period' },
        { _id: 'p5', label: 'Hearings', type: 'multidate', name: 'hearings' },
        { _id: 'p6', label: 'Location', type: 'geolocation', name: 'location_geolocation' },
        { _id: 'p7', label: 'Violations', type: 'multiselect', name: 'violations', content: violationsThesaurusId, filter: true },
        { _id: 'p8', label: 'Country', type: 'select', name: 'country', content: countriesThesaurusId },
        { _id: 'p9', label: 'Related incidents', type: 'relationship', name: 'related_incidents', content: incidentTemplateId, relationType: 'r1' },
        { _id: 'p10', label: 'Source', type: 'link', name: 'source' },
        { _id: 'p11', label: 'Case ID', type: 'generatedid', name: 'case_id' },
        { _id: 'p12', label: 'Old table', type: 'nested', name: 'old_table_nested' },
      ],
    },
  ],
};

export const uwaziThesauri = {
  rows: [
    {
      _id: violationsThesaurusId,
      name: 'Violations',
      values: [
        {
          id: 'k9vqx1bkkso',
          label: 'Torture',
          values: [
            { id: 'b3x0lq2s7ad', label: 'Beating' },
            { id: 'f6k2w0e9zpm', label: 'Stress positions' },
          ],
        },
        { id: 'm1c8d4r6tyu', label: 'Arbitrary detention' },
      ],
    },
    {
      _id: countriesThesaurusId,
      name: 'Countries',
      values: [
        { id: 'kz0001', label: 'Kazakhstan' },
        { id: 'uz0002', label: 'Uzbekistan' },
      ],
    },
    // /api/thesauris also lists templates, for relationships: not a thesaurus.
    { _id: incidentTemplateId, name: 'Incident', type: 'template', values: [] },
  ],
};

/** Two incidents as Uwazi's export writes them: labels as headers, its own columns around them. */
export const uwaziExportCsv = [
  'Title,Date added,Template,Description,Victims,Date,Period,Hearings,Location,Violations,Country,Related incidents,Source,Case ID,Documents,Attachments,Published',
  '"Zhanaozen, 16 December",2021-03-02,Incident,"Police fired on striking oil workers.\nAt least 14 were killed.",14,2011-12-16,2011-12-16~2011-12-17,2012-03-27|2012-06-04,43.34|52.86,"Torture::Beating|Arbitrary detention",Kazakhstan,Aktau detentions,"HRW report|https://www.hrw.org/report/2012/09/10/striking-oil",ABC-1234-5678,/files/report.pdf,https://uwazi.example/api/files/a.jpg,Published',
  'Aktau detentions,2021-03-02,Incident,Strikers held without charge.,7,2011-12-20,2011-12-20~1970-01-01,,,Arbitrary detention,Kazakhstan,,https://example.org/aktau,ABC-1234-9999,,,Unpublished',
].join('\n');
