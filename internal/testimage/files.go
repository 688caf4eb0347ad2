package testimage

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// PNGChunk returns a PNG chunk of type typ: its length, type, data and CRC.
func PNGChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// WithJPEGSegment returns jpg with a marker segment (0xff, marker, length,
// payload) inserted right after its SOI marker.
func WithJPEGSegment(jpg []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xff, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// EXIFOrientation returns an APP1 Exif payload holding only the
// orientation tag o, big-endian.
func EXIFOrientation(o uint16) []byte {
	var b bytes.Buffer
	b.WriteString("Exif\x00\x00")
	b.WriteString("MM\x00\x2a")                             // big-endian TIFF
	binary.Write(&b, binary.BigEndian, uint32(8))           // IFD0 offset
	binary.Write(&b, binary.BigEndian, uint16(1))           // one entry
	binary.Write(&b, binary.BigEndian, []uint16{0x0112, 3}) // Orientation, SHORT
	binary.Write(&b, binary.BigEndian, uint32(1))           // count
	binary.Write(&b, binary.BigEndian, []uint16{o, 0})      // value, padded
	binary.Write(&b, binary.BigEndian, uint32(0))           // no next IFD
	return b.Bytes()
}
