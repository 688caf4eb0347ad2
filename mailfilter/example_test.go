package mailfilter_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"redactpack/mailfilter"
)

func ExampleFilter() {
	// A message with a text body and a screenshot (a 1×1 PNG).
	msg := "From: Li Wei <li.wei@example.com>\r\n" +
		"To: support@exchange.example\r\n" +
		"Subject: withdrawal failed\r\n" +
		"Date: Sat, 14 Mar 2026 10:02:00 +0000\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n" +
		"\r\n" +
		"--b\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"\r\n" +
		"My withdrawal failed, see the screenshot.\r\n" +
		"--b\r\n" +
		"Content-Type: image/png; name=\"screenshot.png\"\r\n" +
		"Content-Disposition: attachment; filename=\"screenshot.png\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n" +
		"\r\n" +
		"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC\r\n" +
		"--b--\r\n"

	opts := mailfilter.Options{
		RedactImage: func(ctx context.Context, img mailfilter.Image) (mailfilter.Redacted, error) {
			fmt.Printf("redacting %s (%s, %d bytes)\n", img.Name, img.ContentType, len(img.Data))
			// A real redactor runs OCR and returns the image with the
			// sensitive regions obscured.
			return mailfilter.Redacted{Data: img.Data, Hidden: map[string]int{"email": 1}}, nil
		},
		Bundle: func(ctx context.Context, ev mailfilter.Evidence) ([]byte, string, error) {
			fmt.Printf("bundle %q of %s: %q with %d image(s)\n", ev.Subject, ev.Date.Format(time.DateOnly), ev.Body, len(ev.Images))
			return []byte("%PDF-1.7\n%%EOF\n"), "evidence.pdf", nil
		},
	}
	var out bytes.Buffer
	sum, err := mailfilter.Filter(context.Background(), strings.NewReader(msg), &out, opts)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d image(s), %v hidden, PDF attached: %v\n", sum.Images, sum.Hidden, sum.PDF)
	fmt.Println(strings.Count(out.String(), "\n--b\r\n"), "parts: text, redacted screenshot, evidence.pdf")
	// Output:
	// redacting screenshot.png (image/png, 69 bytes)
	// bundle "withdrawal failed" of 2026-03-14: "My withdrawal failed, see the screenshot." with 1 image(s)
	// 1 image(s), map[email:1] hidden, PDF attached: true
	// 3 parts: text, redacted screenshot, evidence.pdf
}
