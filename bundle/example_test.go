package bundle_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"log"
	"strings"
	"time"

	"redactpack/bundle"
)

func Example() {
	loc := time.FixedZone("UTC+8", 8*3600)
	st, err := bundle.ParseStatement(strings.NewReader(`
## What happened
Since 2026-11-24 10:30 the SMS code for li.***@gmail.com never arrives.
## What I ask support to do
Please send the code by e-mail.
`))
	if err != nil {
		log.Fatal(err)
	}
	events, err := bundle.ParseTimeline(strings.NewReader("2026-11-24 10:30 tried to log in, no SMS code\n"), loc)
	if err != nil {
		log.Fatal(err)
	}

	// A stand-in for a redacted screenshot.
	shotImage := image.NewRGBA(image.Rect(0, 0, 585, 1266))
	draw.Draw(shotImage, shotImage.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	name := "Screenshot_20261124-103215.png"
	captured, source := bundle.CaptureTime(name, nil, time.Time{}, loc)

	var pdf bytes.Buffer
	sum, err := bundle.Write(&pdf, bundle.Options{
		Ticket:    "SR-1001",
		Category:  bundle.CategoryLogin,
		Lang:      "en",
		Statement: st,
		Events:    events,
		Created:   time.Date(2026, 11, 24, 12, 0, 0, 0, loc),
		Location:  loc,
		Version:   "1.0.0",
		Warn:      func(msg string) { fmt.Println("warning:", msg) },
	}, []bundle.Shot{{
		Name:          name,
		Open:          func() (image.Image, error) { return shotImage, nil },
		Captured:      captured,
		CaptureSource: source,
		Hidden:        map[string]int{"email": 1},
	}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("pages:", sum.Pages)
	for _, it := range sum.Checklist {
		fmt.Printf("%-36s %-5v %s\n", it.Label, it.Present, it.Where)
	}
	fmt.Println("screenshot on page", sum.Shots[0].FirstPage, "as", sum.Shots[0].Format)
	// Output:
	// pages: 4
	// Registered e-mail or phone (masked)  true  statement, screenshot 1 (hidden)
	// Screenshot of the failing step       true  screenshot 1
	// Time it happened                     true  statement, timeline, screenshot 1
	// screenshot on page 3 as PNG
}

func ExampleTemplate() {
	tmpl, err := bundle.Template("transfer", "zh")
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(tmpl, "\n") {
		if strings.HasPrefix(line, "#") {
			fmt.Println(line)
		}
	}
	// Output:
	// # 问题描述：转账或提现
	// ## 问题（发生了什么）
	// ## 已检查（我已经尝试过什么）
	// ## 怀疑（我认为的原因）
	// ## 请求（希望客服做什么）
}
