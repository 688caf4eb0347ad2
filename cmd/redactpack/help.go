package main

import _ "embed" // the help texts

// The help texts, one file each in help/: they are read as prose, and
// edited as such.
var (
	//go:embed help/usage.txt
	usage string
	//go:embed help/redact.txt
	redactHelp string
	//go:embed help/bundle.txt
	bundleHelp string
	//go:embed help/check.txt
	checkHelp string
	//go:embed help/mail.txt
	mailHelp string
	//go:embed help/drop.txt
	dropHelp string
	//go:embed help/init.txt
	initHelp string
	//go:embed help/review.txt
	reviewHelp string
)
