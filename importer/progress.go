package importer

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Progress is told how an import advances, dataset by dataset.
type Progress interface {
	// Start announces a dataset whose input is total bytes long.
	Start(dataset string, total int64)
	// Advance reports n more bytes of input read.
	Advance(n int64)
	// Done reports the dataset read. Rows stored and rejected are final
	// only in the Summary: some datasets are stored after later ones are
	// read, because they are joined.
	Done(r Result)
}

// NewProgress returns a Progress that draws a bar per dataset on w when w is
// a terminal, and otherwise logs one line per dataset.
func NewProgress(w io.Writer, terminal bool, log *slog.Logger) Progress {
	if terminal {
		return &bar{w: w}
	}
	return &logLines{log: log}
}

type logLines struct {
	log   *slog.Logger
	start time.Time
}

func (p *logLines) Start(string, int64) { p.start = time.Now() }
func (p *logLines) Advance(int64)       {}
func (p *logLines) Done(r Result) {
	p.log.Info("read dataset", "dataset", r.Dataset, "rows_read", r.Read, "duration_ms", time.Since(p.start).Milliseconds())
}

// bar draws "dataset  [#######.......]  52%" and redraws it in place.
type bar struct {
	mu      sync.Mutex
	w       io.Writer
	name    string
	total   int64
	done    int64
	drawn   int // percent last drawn
	started time.Time
}

func (p *bar) Start(name string, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.name, p.total, p.done, p.drawn, p.started = name, total, 0, -1, time.Now()
	p.draw()
}

func (p *bar) Advance(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.draw()
}

func (p *bar) Done(r Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.drawn = p.total, -1
	p.draw()
	fmt.Fprintf(p.w, "  %d rows, %s\n", r.Read, time.Since(p.started).Round(time.Millisecond))
}

func (p *bar) draw() {
	pct := 100
	if p.total > 0 {
		pct = int(min(p.done*100/p.total, 100))
	}
	if pct == p.drawn {
		return
	}
	p.drawn = pct
	const width = 30
	fill := pct * width / 100
	fmt.Fprintf(p.w, "\r%-24s [%s%s] %3d%%", p.name, strings.Repeat("#", fill), strings.Repeat(".", width-fill), pct)
}

// countingReader reports the bytes read through it to a Progress.
type countingReader struct {
	r io.Reader
	p Progress
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.Advance(int64(n))
	return n, err
}
