package textpos

import "testing"

func TestFirst(t *testing.T) {
	noControl := func(r rune, _ int) bool { return r >= 0x20 || r == '\n' || r == '\t' }
	for _, c := range []struct {
		name string
		in   string
		want Bad
		ok   bool
	}{
		{"clean", "a: 1\nb: é\n", Bad{}, false},
		{"control on line 2", "a: 1\nbé\x01", Bad{Line: 2, Col: 3, Rune: 1}, true},
		{"invalid UTF-8 counts characters", "é\xff", Bad{Line: 1, Col: 2, Rune: 0xFFFD, InvalidUTF8: true, Byte: 0xff}, true},
		{"NUL first", "\x00", Bad{Line: 1, Col: 1}, true},
	} {
		got, ok := First([]byte(c.in), noControl)
		if ok != c.ok || got != c.want {
			t.Errorf("%s: got %+v %v, want %+v %v", c.name, got, ok, c.want, c.ok)
		}
	}
	// The offset is the byte position, as a byte-order-mark rule needs.
	var offsets []int
	First([]byte("éa"), func(_ rune, at int) bool { offsets = append(offsets, at); return true })
	if len(offsets) != 2 || offsets[0] != 0 || offsets[1] != 2 {
		t.Errorf("offsets %v", offsets)
	}
}
