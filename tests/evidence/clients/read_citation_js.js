// Reads a bibliography file with citation-js (RIS, BibTeX or CSL-JSON) and prints its CSL-JSON.
// Usage: node read_citation_js.js ris|bibtex|csljson < file   (run by tests/evidence/clients/)
const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-ris')
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-csl')

const FORCE = { ris: '@ris/file', bibtex: '@biblatex/text', csljson: '@csl/list+object' }
const format = process.argv[2]
let input = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => { input += chunk })
process.stdin.on('end', () => {
  const data = format === 'csljson' ? JSON.parse(input) : input
  const cite = new Cite(data, { forceType: FORCE[format] })
  process.stdout.write(JSON.stringify(cite.data))
})
