package pipeline_test

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"

	"redactpack/ocr"
	"redactpack/pipeline"
	"redactpack/redact"
	"redactpack/report"
)

// A program outside the command line redacting a folder: Collect finds
// the images, Run processes them with one engine per worker and hands
// each output over in input order. The engine here stands in for
// Tesseract: on every 300-pixel-wide page it "reads" one phone number.
func Example() {
	in, out := screenshots(), must(os.MkdirTemp("", "redacted-"))
	defer os.RemoveAll(in)
	defer os.RemoveAll(out)
	cfg := &pipeline.Config{Policy: redact.DefaultPolicy(), Jobs: 2, Verify: true,
		NewEngine: func() (ocr.Engine, error) {
			return ocr.EngineFunc(func(_ context.Context, g *image.Gray) ([]ocr.Word, error) {
				if g.Rect.Dx() != 300 {
					return nil, nil // the blank page an engine starts on
				}
				return []ocr.Word{
					{Text: "+44", Box: image.Rect(20, 20, 53, 40), Conf: 95},
					{Text: "20", Box: image.Rect(60, 20, 82, 40), Conf: 95},
					{Text: "7946", Box: image.Rect(89, 20, 133, 40), Conf: 95},
					{Text: "0348", Box: image.Rect(140, 20, 184, 40), Conf: 95},
				}, nil
			}), nil
		}}
	inputs := pipeline.Collect([]string{in}, nil, func(string) {}, func(s string) { fmt.Println(s) })
	err := pipeline.Run(context.Background(), cfg, inputs, pipeline.ProcessFile(cfg),
		func(in pipeline.Input, o *pipeline.Output, err error) {
			if err == nil {
				err = os.WriteFile(pipeline.OutputPath(out, in), o.Data, 0o600)
			}
			if err != nil {
				fmt.Println(in.Rel, err)
				return
			}
			fmt.Println(in.Rel, report.Hidden(o.Findings), o.Findings[0].Masked)
		})
	fmt.Println(err)
	// Output:
	// a.png map[phone:1] +44****0348
	// b.png map[phone:1] +44****0348
	// <nil>
}

// screenshots writes two blank 300×60 screenshots into a new folder.
func screenshots() string {
	dir := must(os.MkdirTemp("", "screenshots-"))
	for _, name := range []string{"a.png", "b.png"} {
		img := image.NewGray(image.Rect(0, 0, 300, 60))
		for i := range img.Pix {
			img.Pix[i] = 0xff
		}
		img.Set(0, 0, color.Gray{0xfe})
		f, _ := os.Create(filepath.Join(dir, name))
		png.Encode(f, img)
		f.Close()
	}
	return dir
}

func must(dir string, err error) string {
	if err != nil {
		panic(err)
	}
	return dir
}
