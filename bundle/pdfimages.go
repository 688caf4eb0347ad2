package bundle

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
)

// orderImages renumbers the image objects of a PDF written by fpdf so that
// they follow page order, and returns the new file.
//
// fpdf writes images in the order of a map walk, sorted by pixel width
// only: screenshots of the same width (every screenshot of one phone) came
// out in a different order, with different object numbers and offsets,
// from run to run, so the same inputs did not give the same bytes. fpdf
// has no option for it, so the objects are put in order here. rank gives,
// for an image's stream, its place in page order, or -1; images it does
// not know go last, in the order of their contents' hashes, so that the
// output is fixed by its contents whatever fpdf did.
//
// It relies on what fpdf writes: a classic cross-reference table, each
// image one object of its own with no soft mask or palette (screenshots
// are flattened to opaque RGB before embedding), all images in one run of
// objects and bytes, and the only references to them in the "/XObject <<
// … >>" dictionary of the resources. Anything else is an error, never a
// silently different file.
func orderImages(pdf []byte, rank func(stream []byte) int) ([]byte, error) {
	objs, xref, err := pdfObjects(pdf)
	if err != nil {
		return nil, err
	}
	type imageObj struct {
		obj  pdfObject
		rank int // place in page order; unknown ones last
		hash [32]byte
	}
	var imgs []imageObj
	first := -1 // index in objs of the first image
	for i, o := range objs {
		if !bytes.HasPrefix(o.body(pdf), []byte("<</Type /XObject\n/Subtype /Image\n")) {
			continue
		}
		if first < 0 {
			first = i
		} else if i != first+len(imgs) {
			return nil, errors.New("image objects are not in one run")
		}
		dict, stream, err := o.stream(pdf)
		if err != nil {
			return nil, fmt.Errorf("image object %d: %w", o.num, err)
		}
		if bytes.Contains(dict, []byte("/SMask")) || bytes.Contains(dict, []byte("/Indexed")) {
			return nil, fmt.Errorf("image object %d has a soft mask or palette", o.num)
		}
		r := rank(stream)
		if r < 0 {
			r = math.MaxInt
		}
		imgs = append(imgs, imageObj{obj: o, rank: r, hash: sha256.Sum256(stream)})
	}
	if len(imgs) < 2 {
		return pdf, nil
	}
	nums := make([]int, len(imgs))
	for i, im := range imgs {
		nums[i] = im.obj.num
	}
	slices.Sort(nums)
	if nums[len(nums)-1]-nums[0] != len(nums)-1 {
		return nil, errors.New("image objects are not numbered in one run")
	}
	order := slices.Clone(imgs)
	slices.SortFunc(order, func(a, b imageObj) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		return bytes.Compare(a.hash[:], b.hash[:])
	})
	renum := make(map[int]int, len(order))
	for i, im := range order {
		renum[im.obj.num] = nums[0] + i
	}

	var out bytes.Buffer
	out.Grow(len(pdf) + 64)
	offsets := make(map[int]int, len(objs))
	out.Write(pdf[:objs[0].start])
	write := func(num int, body []byte) {
		offsets[num] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n", num)
		out.Write(body)
	}
	for i := 0; i < len(objs); i++ {
		if i == first {
			for _, im := range order {
				write(renum[im.obj.num], im.obj.body(pdf))
			}
			i += len(imgs) - 1
			continue
		}
		body := objs[i].body(pdf)
		if !bytes.Contains(body, []byte("\nstream\n")) {
			if body, err = renumberXObjects(body, renum); err != nil {
				return nil, fmt.Errorf("object %d: %w", objs[i].num, err)
			}
		}
		write(objs[i].num, body)
	}
	// The cross-reference table, for the same objects at their new places.
	start := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", xref.size)
	for n := 1; n < xref.size; n++ {
		off, ok := offsets[n]
		if !ok {
			return nil, fmt.Errorf("object %d is in the cross-reference table but not in the file", n)
		}
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	out.Write(xref.trailer)
	fmt.Fprintf(&out, "startxref\n%d\n", start)
	out.Write(xref.tail)
	return out.Bytes(), nil
}

// pdfObject is an object "num 0 obj … endobj" at pdf[start:end]; head is
// the length of its first line.
type pdfObject struct {
	num, start, end, head int
}

func (o pdfObject) body(pdf []byte) []byte { return pdf[o.start+o.head : o.end] }

// stream returns the dictionary and the data of a stream object: the
// /Length bytes after "stream\n".
func (o pdfObject) stream(pdf []byte) (dict, data []byte, err error) {
	body := o.body(pdf)
	i := bytes.Index(body, []byte(">>\nstream\n"))
	if i < 0 {
		return nil, nil, errors.New("no stream")
	}
	dict = body[:i+2]
	m := lengthKey.FindSubmatch(dict)
	if m == nil {
		return nil, nil, errors.New("no /Length")
	}
	n, _ := strconv.Atoi(string(m[1]))
	data = body[i+len(">>\nstream\n"):]
	if n > len(data) || !bytes.HasPrefix(data[n:], []byte("\nendstream")) {
		return nil, nil, errors.New("stream does not end at its /Length")
	}
	return dict, data[:n], nil
}

var (
	lengthKey  = regexp.MustCompile(`/Length (\d+)>>$`)
	xobjectRef = regexp.MustCompile(`(/I[0-9a-f]+ )(\d+)( 0 R)`)
)

// renumberXObjects rewrites the image references of an "/XObject << … >>"
// dictionary in body.
func renumberXObjects(body []byte, renum map[int]int) ([]byte, error) {
	i := bytes.Index(body, []byte("/XObject <<"))
	if i < 0 {
		return body, nil
	}
	j := bytes.Index(body[i:], []byte(">>"))
	if j < 0 {
		return nil, errors.New("unterminated /XObject dictionary")
	}
	dict := xobjectRef.ReplaceAllFunc(body[i:i+j], func(ref []byte) []byte {
		m := xobjectRef.FindSubmatch(ref)
		n, _ := strconv.Atoi(string(m[2]))
		if to, ok := renum[n]; ok {
			n = to
		}
		return []byte(string(m[1]) + strconv.Itoa(n) + string(m[3]))
	})
	return slices.Concat(body[:i], dict, body[i+j:]), nil
}

// pdfXref is what follows the objects: the table's size, the trailer
// dictionary ("trailer\n<< … >>\n") and what follows the startxref number.
type pdfXref struct {
	size          int
	trailer, tail []byte
}

// pdfObjects lists the objects of a PDF with one classic cross-reference
// table, in file order, and reads the table.
func pdfObjects(pdf []byte) ([]pdfObject, pdfXref, error) {
	var x pdfXref
	k := bytes.LastIndex(pdf, []byte("\nstartxref\n"))
	if k < 0 {
		return nil, x, errors.New("no startxref")
	}
	rest := pdf[k+len("\nstartxref\n"):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return nil, x, errors.New("no startxref offset")
	}
	xrefAt, err := strconv.Atoi(string(rest[:nl]))
	if err != nil || xrefAt <= 0 || xrefAt >= k {
		return nil, x, errors.New("bad startxref offset")
	}
	x.tail = rest[nl+1:]
	var first, size int
	table := pdf[xrefAt : k+1]
	if _, err := fmt.Sscanf(string(table[:min(len(table), 40)]), "xref\n%d %d\n", &first, &size); err != nil || first != 0 || size < 1 {
		return nil, x, errors.New("no cross-reference table")
	}
	x.size = size
	entries := table[bytes.Index(table, []byte("\n"))+1:]
	entries = entries[bytes.Index(entries, []byte("\n"))+1:]
	if len(entries) < 20*size {
		return nil, x, errors.New("short cross-reference table")
	}
	x.trailer = entries[20*size:]
	if !bytes.HasPrefix(x.trailer, []byte("trailer\n")) {
		return nil, x, errors.New("no trailer after the cross-reference table")
	}
	objs := make([]pdfObject, 0, size-1)
	for n := 1; n < size; n++ {
		e := entries[20*n : 20*n+20]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || string(e[10:]) != " 00000 n \n" || off <= 0 || off >= xrefAt {
			return nil, x, fmt.Errorf("bad cross-reference entry for object %d", n)
		}
		objs = append(objs, pdfObject{num: n, start: off})
	}
	slices.SortFunc(objs, func(a, b pdfObject) int { return a.start - b.start })
	for i := range objs {
		o := &objs[i]
		o.end = xrefAt
		if i+1 < len(objs) {
			o.end = objs[i+1].start
		}
		head := fmt.Sprintf("%d 0 obj\n", o.num)
		if !bytes.HasPrefix(pdf[o.start:o.end], []byte(head)) || !bytes.HasSuffix(pdf[o.start:o.end], []byte("endobj\n")) {
			return nil, x, fmt.Errorf("object %d is not where the cross-reference table says", o.num)
		}
		o.head = len(head)
	}
	return objs, x, nil
}

// pngIDAT returns the image data of a PNG file: its IDAT chunks joined,
// which is what fpdf embeds of an opaque PNG.
func pngIDAT(data []byte) []byte {
	var out []byte
	for p := 8; p+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		if n < 0 || p+12+n > len(data) {
			break
		}
		if string(data[p+4:p+8]) == "IDAT" {
			out = append(out, data[p+8:p+8+n]...)
		}
		p += 12 + n
	}
	return out
}
