package redact_test

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"redactpack/redact"
)

func ExampleMask() {
	fmt.Println(redact.Mask(redact.Email, "li.wei88@gmail.com"))
	fmt.Println(redact.Mask(redact.Phone, "+86 150 3060 0274"))
	fmt.Println(redact.Mask(redact.Wallet, "0x47b7bc95714AdFff70Ce645Ae97D8584df00CC94"))
	fmt.Println(redact.Mask(redact.Balance, "≈ $34,549.10"))
	// Output:
	// li****@gmail.com
	// +86****0274
	// 0x47****CC94
	// ≈ $**,***.**
}

func ExamplePolicy_MaskText() {
	p := redact.DefaultPolicy()
	out, found := p.MaskText("Call me on +44 20 7946 0348 about ticket #56455721 of 2024-05-18.")
	fmt.Println(out)
	fmt.Println(found)
	// Output:
	// Call me on +44****0348 about ticket #56455721 of 2024-05-18.
	// [phone +44****0348]
}

func ExampleParsePolicy() {
	src := []byte(`method: box
categories:
  email: redact
  seed: keep
`)
	_, err := redact.ParsePolicy("team.yaml", src)
	fmt.Println(err)
	// Output:
	// team.yaml:4: seed cannot be kept: a recovery phrase gives away the wallet
}

// An [redact.EngineFunc] stands in for Tesseract: here it "reads" one phone
// number at a known place. A page-only engine like it is asked for the page
// alone, never for the stacked lines of the rescue and verification passes
// (see BlockReader in package ocr).
func ExampleRedactor_Redact() {
	img := image.NewNRGBA(image.Rect(0, 0, 300, 60))
	draw.Draw(img, img.Rect, image.NewUniform(color.White), image.Point{}, draw.Src)
	engine := redact.EngineFunc(func(ctx context.Context, g *image.Gray) ([]redact.Word, error) {
		return []redact.Word{
			{Text: "+44", Box: image.Rect(20, 20, 53, 40), Conf: 95},
			{Text: "20", Box: image.Rect(60, 20, 82, 40), Conf: 95},
			{Text: "7946", Box: image.Rect(89, 20, 133, 40), Conf: 95},
			{Text: "0348", Box: image.Rect(140, 20, 184, 40), Conf: 95},
		}, nil
	})
	res, err := redact.NewRedactor(redact.DefaultPolicy(), engine).Redact(context.Background(), img)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Println(f.Category, f.Masked, f.Redacted, image.Rect(20, 20, 184, 40).In(f.Boxes[0]))
	}
	fmt.Println(res.Image.At(100, 30))
	// Output:
	// phone +44****0348 true true
	// {0 0 0 255}
}
