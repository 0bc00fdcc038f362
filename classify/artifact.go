package classify

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"

	careerpath "github.com/careerpath/careerpath"
)

// The artifact is gzip over a little-endian binary body:
//
//	magic "CPCLASS\x00", u32 format version
//	u32 n, n bytes of JSON Meta
//	u32 n, n bytes of JSON []Class
//	f32 × classes: biases
//	u32 rows; u32 × rows feature hashes (sorted); f32 × rows IDF;
//	u32 × (rows+1) row starts
//	u32 nnz; u16 × nnz classes; f32 × nnz weights
//	32 bytes: SHA-256 of everything above
//
// gzip is written without a name or time, so the same model gives the
// same bytes.
const (
	formatVersion = 1
	magic         = "CPCLASS\x00"
	// maxArtifact bounds the decompressed size read by Load.
	maxArtifact = 1 << 30
)

// Save writes the model's artifact to w.
func (m *Linear) Save(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString(magic)
	le := binary.LittleEndian
	put32 := func(v uint32) { b.Write(le.AppendUint32(nil, v)) }
	put32(formatVersion)
	for _, v := range []any{m.meta, m.classes} {
		j, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("save model: %w", err)
		}
		put32(uint32(len(j)))
		b.Write(j)
	}
	for _, v := range m.bias {
		put32(math.Float32bits(v))
	}
	put32(uint32(len(m.hashes)))
	for _, h := range m.hashes {
		put32(h)
	}
	for _, v := range m.idf {
		put32(math.Float32bits(v))
	}
	for _, v := range m.rowStart {
		put32(v)
	}
	put32(uint32(len(m.cols)))
	for _, c := range m.cols {
		b.Write(le.AppendUint16(nil, c))
	}
	for _, v := range m.vals {
		put32(math.Float32bits(v))
	}
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:])
	z, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := z.Write(b.Bytes()); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	return nil
}

// Checksum returns the SHA-256 (hex) of the artifact Save writes, the
// figure a registry stores and checks.
func (m *Linear) Checksum() (string, error) {
	h := sha256.New()
	if err := m.Save(h); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// Load reads an artifact written by Save. Any damage — a bad gzip
// stream, a checksum mismatch, a truncated or inconsistent body, a format
// or feature schema this code does not read — is an EINVALID error; a
// model is returned only when whole.
func Load(r io.Reader) (*Linear, error) {
	bad := func(format string, args ...any) error {
		return careerpath.Errorf(careerpath.EINVALID, "model artifact: "+format, args...)
	}
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, bad("not a gzip stream: %v", err)
	}
	body, err := io.ReadAll(io.LimitReader(z, maxArtifact+1))
	if err != nil {
		return nil, bad("%v", err)
	}
	if len(body) > maxArtifact {
		return nil, bad("larger than %d bytes", maxArtifact)
	}
	if len(body) < len(magic)+4+sha256.Size {
		return nil, bad("truncated")
	}
	payload, sum := body[:len(body)-sha256.Size], body[len(body)-sha256.Size:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return nil, bad("checksum mismatch")
	}
	d := decoder{b: payload}
	if string(d.bytes(len(magic))) != magic {
		return nil, bad("not a classify model")
	}
	if v := d.u32(); v != formatVersion {
		return nil, bad("format version %d, this build reads %d", v, formatVersion)
	}
	m := &Linear{}
	for _, v := range []any{&m.meta, &m.classes} {
		n := d.u32()
		j := d.bytes(int(n))
		if d.err != nil {
			break
		}
		if err := json.Unmarshal(j, v); err != nil {
			return nil, bad("%v", err)
		}
	}
	nc := len(m.classes)
	m.bias = d.f32s(nc)
	rows := int(d.u32())
	m.hashes = d.u32s(rows)
	m.idf = d.f32s(rows)
	m.rowStart = d.u32s(rows + 1)
	nnz := int(d.u32())
	m.cols = d.u16s(nnz)
	m.vals = d.f32s(nnz)
	if d.err != nil {
		return nil, bad("truncated body")
	}
	if len(d.b) != 0 {
		return nil, bad("%d bytes after the body", len(d.b))
	}
	if err := m.validate(); err != nil {
		return nil, bad("%v", err)
	}
	m.prepare()
	return m, nil
}

// validate checks what Predict relies on, so that a loaded model never
// indexes out of range.
func (m *Linear) validate() error {
	if want := m.meta.Config.Features.SchemaHash(); m.meta.Schema != want {
		return fmt.Errorf("feature schema %s, this build computes %s", m.meta.Schema, want)
	}
	if len(m.classes) == 0 || len(m.classes) > math.MaxUint16 {
		return fmt.Errorf("%d classes", len(m.classes))
	}
	for i := 1; i < len(m.classes); i++ {
		if m.classes[i-1].CIP >= m.classes[i].CIP {
			return fmt.Errorf("classes not sorted at %s", m.classes[i].CIP)
		}
	}
	for i := 1; i < len(m.hashes); i++ {
		if m.hashes[i-1] >= m.hashes[i] {
			return fmt.Errorf("feature hashes not sorted at row %d", i)
		}
	}
	if m.rowStart[0] != 0 || int(m.rowStart[len(m.rowStart)-1]) != len(m.cols) {
		return fmt.Errorf("row starts do not span the weights")
	}
	for i := 1; i < len(m.rowStart); i++ {
		if m.rowStart[i] < m.rowStart[i-1] {
			return fmt.Errorf("row starts decrease at row %d", i)
		}
	}
	for _, c := range m.cols {
		if int(c) >= len(m.classes) {
			return fmt.Errorf("weight for class %d of %d", c, len(m.classes))
		}
	}
	for _, vs := range [][]float32{m.bias, m.idf, m.vals} {
		for _, v := range vs {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("non-finite parameter")
			}
		}
	}
	if t := m.meta.Temperature; !(t > 0) || math.IsInf(t, 0) {
		return fmt.Errorf("temperature %v", t)
	}
	if m.meta.Version != version(m.meta) {
		return fmt.Errorf("version %q does not match its metadata", m.meta.Version)
	}
	return nil
}

// decoder reads the body, remembering the first shortfall.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		if d.err == nil {
			d.err = io.ErrUnexpectedEOF
		}
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) u32() uint32 {
	b := d.bytes(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (d *decoder) u32s(n int) []uint32 {
	if n < 0 || n > len(d.b)/4 {
		d.bytes(-1)
		return nil
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = d.u32()
	}
	return out
}

func (d *decoder) f32s(n int) []float32 {
	if n < 0 || n > len(d.b)/4 {
		d.bytes(-1)
		return nil
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(d.u32())
	}
	return out
}

func (d *decoder) u16s(n int) []uint16 {
	if n < 0 || n > len(d.b)/2 {
		d.bytes(-1)
		return nil
	}
	out := make([]uint16, n)
	for i := range out {
		b := d.bytes(2)
		if b == nil {
			return nil
		}
		out[i] = binary.LittleEndian.Uint16(b)
	}
	return out
}
