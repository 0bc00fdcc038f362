package classify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// classifiedLine is one line of Stream's output.
type classifiedLine struct {
	Line    int    `json:"line"`
	Program string `json:"program"`
	careerpath.Classification
}

// chunk is a run of input lines classified by one worker.
type chunk struct {
	first int // line number of lines[0]
	lines [][]byte
	out   bytes.Buffer
	err   error
	done  chan struct{}
}

// Stream reads JSON Lines entries from r and writes one JSON
// object per entry to w, in input order. Lines are classified in chunks
// on workers goroutines; memory stays bounded by the chunks in flight.
// Blank lines are skipped (the output's "line" says which input line an
// answer belongs to); a line that is not a JSON object stops the run with
// its line number, after the answers to the lines before it.
func Stream(ctx context.Context, r io.Reader, w io.Writer, rel *relevance.Rule, career string, m Model, version string, workers int) error {
	const chunkLines = 512
	work := make(chan *chunk, workers)
	ordered := make(chan *chunk, 2*workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	for range workers {
		go func() {
			for c := range work {
				c.classify(rel, career, m, version)
				close(c.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(ordered)
		defer close(work)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		n := 0
		c := &chunk{first: 1, done: make(chan struct{})}
		send := func() bool {
			select {
			case ordered <- c:
			case <-ctx.Done():
				return false
			}
			select {
			case work <- c:
			case <-ctx.Done():
				return false
			}
			c = &chunk{first: n + 1, done: make(chan struct{})}
			return true
		}
		for sc.Scan() {
			n++
			line := bytes.TrimSpace(sc.Bytes())
			if len(c.lines) == 0 {
				c.first = n
			}
			if len(line) == 0 {
				line = nil // kept, so that line numbers stay right
			} else {
				line = bytes.Clone(line)
			}
			c.lines = append(c.lines, line)
			if len(c.lines) == chunkLines && !send() {
				readErr <- ctx.Err()
				return
			}
		}
		if err := sc.Err(); err != nil {
			readErr <- fmt.Errorf("classify: line %d: %w", n+1, err)
			return
		}
		if len(c.lines) > 0 && !send() {
			readErr <- ctx.Err()
			return
		}
		readErr <- nil
	}()
	for c := range ordered {
		<-c.done
		if _, err := w.Write(c.out.Bytes()); err != nil {
			return err
		}
		if c.err != nil {
			return c.err
		}
	}
	return <-readErr
}

func (c *chunk) classify(rel *relevance.Rule, career string, m Model, version string) {
	enc := json.NewEncoder(&c.out)
	enc.SetEscapeHTML(false)
	for i, line := range c.lines {
		if line == nil {
			continue
		}
		n := c.first + i
		var e Entry
		if line[0] != '{' {
			c.err = fmt.Errorf("classify: line %d: want a JSON object with institution, program and degree", n)
			return
		}
		if err := json.Unmarshal(line, &e); err != nil {
			c.err = fmt.Errorf("classify: line %d: %v", n, err)
			return
		}
		out := classifiedLine{Line: n, Program: e.Program, Classification: ClassifyEntry(rel, career, m, version, e)}
		if err := enc.Encode(out); err != nil {
			c.err = fmt.Errorf("classify: line %d: %w", n, err)
			return
		}
	}
}
