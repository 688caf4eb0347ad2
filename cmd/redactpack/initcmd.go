package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/pflag"

	"redactpack/bundle"
	"redactpack/internal/fileerr"
)

func runInit(ctx context.Context, e *env, args []string) error {
	flags := pflag.NewFlagSet("init", pflag.ContinueOnError)
	var category, lang, out string
	flags.StringVar(&category, "category", bundle.CategoryOther, "kind of problem: `login`, kyc, transfer or other")
	flags.StringVar(&lang, "lang", "en", "language of the template: `en` or zh")
	flags.StringVarP(&out, "output", "o", "", "write the template to `FILE` (default: standard output)")
	if done, err := parseFlags(flags, args, e, initHelp); done {
		return err
	}
	if flags.NArg() > 0 {
		return usageErrorf("init takes no arguments; use -o FILE to name the output")
	}
	text, err := bundle.Template(category, lang)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if out == "" || out == "-" {
		_, err := fmt.Fprint(e.stdout, text)
		return err
	}
	if err := createNew(out, []byte(text)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return hinted{fmt.Errorf("%q already exists", out), "choose another -o FILE, or remove it first; init never replaces a file"}
		}
		return fmt.Errorf("cannot write %q: %w", out, fileerr.Reason(err))
	}
	fmt.Fprintf(e.stderr, "redactpack: wrote %s; fill it in and keep it beside the screenshots\n", out)
	return nil
}

// createNew writes data to a new file at path, failing with fs.ErrExist if
// there is one already, and removes what it wrote if writing fails.
func createNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
