package main

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"redactpack/ocr"
	"redactpack/pipeline"
	"redactpack/redact"
)

// common holds the flags shared by redact, bundle, check and mail.
type common struct {
	policy    string
	redactCat []string
	keepCat   []string
	jobs      int
	lang      string
	report    string
	quiet     bool
	maxPixels int64
	ocrEngine string // api or exec
	tesseract string // the program for exec
	noVerify  bool   // skip the verification pass over outputs
}

func (c *common) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.policy, "policy", "default", "policy `FILE` or preset (default, strict); a file changes the default only where it says so")
	fs.StringSliceVar(&c.redactCat, "redact", nil, "also hide `CATEGORY` (repeatable, comma-separated)")
	fs.StringSliceVar(&c.keepCat, "keep", nil, "do not hide `CATEGORY` (repeatable; seed cannot be kept)")
	fs.IntVarP(&c.jobs, "jobs", "j", runtime.NumCPU(), "images processed in parallel, one OCR engine each")
	fs.StringVar(&c.lang, "lang", "eng+chi_sim", "Tesseract `LANGUAGES` for OCR")
	fs.StringVar(&c.report, "report", "", "write a JSON report of findings (masked values only) to `FILE`")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "print errors only")
	fs.Int64Var(&c.maxPixels, "max-pixels", redact.DefaultMaxPixels, "refuse images larger than `N` pixels")
	fs.BoolVar(&c.noVerify, "no-verify", false, "skip the second OCR pass that checks each output (faster, less safe)")
	fs.StringVar(&c.ocrEngine, "ocr-engine", defaultOCREngine, "OCR `ENGINE`: api (libtesseract, built in) or exec (runs the tesseract program)")
	fs.StringVar(&c.tesseract, "tesseract", "", "the tesseract program (or its folder) for --ocr-engine=exec (default: on `PATH`, beside redactpack, or where installers put it)")
}

// engines returns the factory of OCR engines that --ocr-engine,
// --tesseract and --lang ask for. The exec engine is made once and shared
// by the workers: it is safe for concurrent use, and its language check
// runs a process.
func (c *common) engines() func() (ocr.Engine, error) {
	if c.ocrEngine == "exec" {
		exec := sync.OnceValues(func() (*ocr.Exec, error) { return ocr.NewExec(c.tesseract, c.lang) })
		return func() (ocr.Engine, error) {
			e, err := exec()
			if err != nil {
				return nil, err
			}
			return e, nil
		}
	}
	return func() (ocr.Engine, error) { return ocr.NewTesseract(c.lang) }
}

// checkEngine validates --ocr-engine.
func (c *common) checkEngine() error {
	switch c.ocrEngine {
	case "exec":
		return nil
	case "api":
		if defaultOCREngine != "api" {
			return usageErrorf("--ocr-engine=api: this redactpack was built without libtesseract; use --ocr-engine=exec")
		}
		return nil
	}
	return usageErrorf("--ocr-engine %q: want api or exec", c.ocrEngine)
}

// ocrHint is the advice printed when OCR cannot start.
func ocrHint(err error) string {
	switch runtime.GOOS {
	case "windows":
		if errors.Is(err, ocr.ErrNoTesseract) {
			return "install Tesseract (https://github.com/UB-Mannheim/tesseract/wiki) with Chinese (Simplified) under \"Additional language data\", put its Tesseract-OCR folder beside redactpack.exe, or give its path with --tesseract"
		}
		return "reinstall Tesseract (https://github.com/UB-Mannheim/tesseract/wiki) with Chinese (Simplified) under \"Additional language data\""
	case "darwin":
		return "install Tesseract and its language data: brew install tesseract tesseract-lang (or give the program's path with --tesseract)"
	}
	return "install Tesseract and its language data: make deps (or apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim)"
}

// setup reads the policy (see loadPolicy) and checks the other settings
// every command shares: --jobs and the OCR engine, in that order, after
// the policy's own errors. It returns the pipeline's configuration and
// the policy's text as loaded, for the bundle's appendix. The engines are
// e's when it has some (a test's stand-in), else those the flags ask for.
func (c *common) setup(e *env) (*pipeline.Config, []byte, error) {
	p, src, err := c.loadPolicy()
	if err != nil {
		return nil, nil, err
	}
	if c.jobs < 1 {
		return nil, nil, usageErrorf("--jobs must be at least 1")
	}
	if err := c.checkEngine(); err != nil {
		return nil, nil, err
	}
	cfg := &pipeline.Config{Policy: p, NewEngine: c.engines(), OCR: c.ocrEngine + " " + c.lang,
		MaxPixels: c.maxPixels, Verify: !c.noVerify, Jobs: c.jobs}
	if e.engines != nil {
		cfg.NewEngine = e.engines
	}
	return cfg, src, nil
}

// loadPolicy reads the policy and applies --redact and --keep.
func (c *common) loadPolicy() (*redact.Policy, []byte, error) {
	p, src, err := redact.LoadPolicy(c.policy)
	var unknown *redact.UnknownPolicyError
	if errors.As(err, &unknown) {
		return nil, nil, usageErrorf("--policy: %v", err)
	}
	if err != nil {
		return nil, nil, err
	}
	apply := func(list []string, redactIt bool) error {
		for _, s := range list {
			cat, err := redact.ParseCategory(s)
			if err != nil {
				return usageErrorf("%v", err)
			}
			if err := p.Set(cat, redactIt); err != nil {
				return usageErrorf("--keep %s: %v", s, err)
			}
		}
		return nil
	}
	if err := apply(c.redactCat, true); err != nil {
		return nil, nil, err
	}
	if err := apply(c.keepCat, false); err != nil {
		return nil, nil, err
	}
	if len(c.redactCat)+len(c.keepCat) > 0 {
		src = append(src, []byte(fmt.Sprintf("\n# command line: --redact %s --keep %s\n",
			strings.Join(c.redactCat, ","), strings.Join(c.keepCat, ",")))...)
	}
	return p, src, nil
}

// parseFlags parses args, printing help on -h. It returns done when the
// command should stop (help was shown).
func parseFlags(fs *pflag.FlagSet, args []string, e *env, help string) (done bool, err error) {
	fs.SetOutput(e.stderr)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			fmt.Fprint(e.stdout, help)
			fmt.Fprintf(e.stdout, "\nFlags:\n%s", fs.FlagUsages())
			return true, nil
		}
		return true, usageErrorf("%v", err)
	}
	return false, nil
}
