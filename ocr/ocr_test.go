package ocr

import (
	"context"
	"errors"
	"image"
	"testing"
)

// fakeEngine counts what is asked of it.
type fakeEngine struct {
	reads, closed *int
	err           error
}

func (f fakeEngine) Words(context.Context, *image.Gray) ([]Word, error) {
	*f.reads++
	return nil, f.err
}

func (f fakeEngine) Close() error {
	*f.closed++
	return nil
}

// TestStart: each engine reads a blank page before it is handed out; an
// engine that cannot be made, or cannot read, fails the start with its own
// error and every engine made so far is closed.
func TestStart(t *testing.T) {
	broken := errors.New("tesseract: no eng.traineddata")
	for _, tc := range []struct {
		name            string
		failAt          int // the engine that fails, 0 for none
		readErr         bool
		wantReads       int
		wantClosed      int
		wantErr, wantOK bool
	}{
		{name: "three engines", wantReads: 3, wantOK: true},
		{name: "third cannot be made", failAt: 3, wantReads: 2, wantClosed: 2, wantErr: true},
		{name: "second cannot read", failAt: 2, readErr: true, wantReads: 2, wantClosed: 2, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reads, closed, made := 0, 0, 0
			engines, err := Start(context.Background(), 3, func() (Engine, error) {
				made++
				if made == tc.failAt && !tc.readErr {
					return nil, broken
				}
				e := fakeEngine{reads: &reads, closed: &closed}
				if made == tc.failAt {
					e.err = broken
				}
				return e, nil
			})
			if tc.wantErr != (err != nil) || err != nil && !errors.Is(err, broken) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.wantOK && len(engines) != 3 {
				t.Errorf("%d engines, want 3", len(engines))
			}
			if reads != tc.wantReads || closed != tc.wantClosed {
				t.Errorf("blank reads %d, closed %d; want %d, %d", reads, closed, tc.wantReads, tc.wantClosed)
			}
		})
	}
}

// TestStartCancelled: a cancelled start makes no engine.
func TestStartCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	made := 0
	if _, err := Start(ctx, 2, func() (Engine, error) { made++; return EngineFunc(nil), nil }); !errors.Is(err, context.Canceled) || made != 0 {
		t.Errorf("err %v after making %d engines, want context.Canceled and none", err, made)
	}
}

// TestPadSmall: a small image is padded with white to the minimum size at
// its own origin, its pixels unchanged; a large one is left as it is.
func TestPadSmall(t *testing.T) {
	g := image.NewGray(image.Rect(5, 7, 9, 10))
	for i := range g.Pix {
		g.Pix[i] = 10
	}
	p := padSmall(g)
	if p.Rect != image.Rect(5, 7, 5+minOCRSize, 7+minOCRSize) {
		t.Fatalf("padded to %v", p.Rect)
	}
	if p.GrayAt(8, 9).Y != 10 || p.GrayAt(9, 9).Y != 255 || p.GrayAt(5, 10).Y != 255 {
		t.Error("pixels moved or padding not white")
	}
	big := image.NewGray(image.Rect(0, 0, minOCRSize, 200))
	if padSmall(big) != big {
		t.Error("an image of the minimum size was copied")
	}
}
