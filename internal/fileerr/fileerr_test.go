package fileerr

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestReason(t *testing.T) {
	pe := &fs.PathError{Op: "open", Path: "a/b.png", Err: fs.ErrPermission}
	wrapped := fmt.Errorf("cannot write output: %w", pe)
	other := errors.New("disk on fire")
	for _, tt := range []struct {
		err, want error
	}{
		{pe, fs.ErrPermission},
		{wrapped, wrapped}, // its context stays, path and all
		{other, other},
	} {
		if got := Reason(tt.err); got != tt.want {
			t.Errorf("Reason(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
