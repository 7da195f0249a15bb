"""Writes handmade.xlsx: XLSX features LibreOffice does not emit (inline strings, rich-text shared strings,
prefixed tags, a formula without a cached value, exponent numbers, error and boolean cells, gaps); and
percent.xlsx: numeric cells formatted as percentages (built-in 0.00% and a custom format), beside
cells formatted otherwise (a number format, a format with a quoted "%", the default) and a text cell with a
percent style. A spreadsheet program shows 0.9551 formatted as 0.00% as 95,51%; the file stores 0.9551."""
import zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
parts = {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels': f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': f'<workbook {NS} xmlns:r="{REL}"><sheets>'
    '<sheet name="Tersembunyi" sheetId="1" state="hidden" r:id="rId2"/>'
    '<sheet name="Data &amp; Catatan" sheetId="2" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="/xl/worksheets/data.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/hidden.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="strings.xml"/></Relationships>',
    'xl/strings.xml': f'<sst {NS}><si><t>Kode</t></si><si><r><rPr><b/></rPr><t>Nama </t></r><r><t '
    'xml:space="preserve">Kegiatan</t></r><rPh><t>ignored</t></rPh></si><si><t>a_x000D_b</t></si></sst>',
    'xl/worksheets/hidden.xml': f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>secret'
    '</t></is></c></row></sheetData></worksheet>',
    'xl/worksheets/data.xml': f'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<x:sheetData>\n'
    '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>\n'
    '<x:row r="3"><x:c r="A3"><x:v>1.2E-3</x:v></x:c><x:c r="B3" t="inlineStr"><x:is><x:t>&lt;teks&gt; &amp; '
    '&#233;&#x20AC;</x:t></x:is></x:c><x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3" t="e"><x:v>#N/A</x:v>'
    '</x:c><x:c r="F3" t="s"><x:v>2</x:v></x:c><x:c r="G3" s="1"/></x:row>\n'
    '<x:row r="4"><x:c r="A4"><x:f>1+1</x:f></x:c></x:row>\n'
    '</x:sheetData></x:worksheet>',
}
percent_parts = {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels': f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': f'<workbook {NS} xmlns:r="{REL}"><sheets><sheet name="Capaian" sheetId="1" r:id="rId1"/>'
    '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
    # cellStyleXfs come first and must not shift the cellXfs numbering.
    'xl/styles.xml': f'<styleSheet {NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/>'
    '<numFmt numFmtId="165" formatCode="&quot;%&quot;0"/></numFmts>'
    '<cellStyleXfs count="2"><xf numFmtId="0"/><xf numFmtId="10"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="164"/><xf numFmtId="4"/>'
    '<xf numFmtId="165"/></cellXfs></styleSheet>',
    'xl/worksheets/sheet1.xml': f'<worksheet {NS}><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>persen</t></is></c></row>'
    '<row r="2"><c r="A2" s="1"><v>0.9551</v></c><c r="B2" s="2"><v>0.5</v></c><c r="C2" s="3"><v>1234.5</v></c>'
    '<c r="D2"><v>0.25</v></c><c r="E2" s="1"><v>1.2E-3</v></c><c r="F2" s="4"><v>7</v></c>'
    '<c r="G2" s="1" t="inlineStr"><is><t>0,5</t></is></c><c r="H2" s="1"><v>-1</v></c>'
    '<c r="I2" s="2" t="n"><v>12</v></c><c r="J2" s="1"><v>0.95509999999999995</v></c></row>'
    '</sheetData></worksheet>',
}
for file, contents in (('handmade.xlsx', parts), ('percent.xlsx', percent_parts)):
    with zipfile.ZipFile(file, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in contents.items():
            z.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
