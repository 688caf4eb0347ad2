// Redactpack hides private data in screenshots and packs them, with a
// timeline, a checklist and a problem statement, into one PDF to attach to a
// support ticket.
//
// Usage:
//
//	redactpack FILE|DIR...                          redact and bundle with defaults, beside the inputs
//	redactpack redact [flags] -o OUTDIR FILE|DIR... redact images into OUTDIR
//	redactpack bundle [flags] -o OUT.pdf FILE|DIR... redact, then build the PDF evidence bundle
//	redactpack check [flags] FILE|DIR...            exit 1 if sensitive text is still readable
//	redactpack mail [-o OUT.eml] [IN.eml|-]         redact a message's images, attach the bundle
//	redactpack init [--category C] [--lang L]       write a problem-statement template
//	redactpack version
//
// Each command's flags are listed by "redactpack COMMAND --help"; the
// README describes the policy format, the categories and what each command
// writes.
//
// Exit status: 0 when everything was done; 1 when some input failed (each
// failure is reported on standard error and the rest of the batch goes on)
// or when check found sensitive text; 2 for a usage error.
//
// Messages go to standard error as "redactpack: error: …", with
// "redactpack: hint: …" lines where there is something to do; standard
// output carries data only. Values are shown masked, never in full.
package main
