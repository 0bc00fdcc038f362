package opendata

import (
	"io"
	"strings"
	"testing"
)

const zipHeader = "code,city,state,county,area_code,lat,lon\n"

func TestParseZIPCentroids(t *testing.T) {
	in := zipHeader +
		"00501,I R S SERVICE CENTER,NY,SUFFOLK,,40.81,-73.04\n" +
		`01433,FT DEVENS,MA,"",,71.621819,42.532416` + "\n" +
		"96910,HAGATNA,GU,,,13.47,144.75\n"
	got, rejected, err := ParseZIPCentroids(Source{"zip", "z.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []ZIPCentroid{
		{ZIP: "00501", City: "I R S SERVICE CENTER", State: "NY", Lat: 40.81, Lon: -73.04},
		{ZIP: "96910", City: "HAGATNA", State: "GU", Lat: 13.47, Lon: 144.75},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseZIPCentroids: got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ParseZIPCentroids row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	wantRej := []RejectedRow{{Line: 3, Key: "01433", Reason: ReasonSwappedCoordinates}}
	if len(rejected) != 1 || rejected[0] != wantRej[0] {
		t.Errorf("ParseZIPCentroids rejected = %v, want %v", rejected, wantRej)
	}
}

func TestParseZIPCentroidsErrors(t *testing.T) {
	row := "00501,I R S SERVICE CENTER,NY,SUFFOLK,,40.81,-73.04\n"
	parse := func(src Source, r io.Reader) ([]ZIPCentroid, error) {
		rows, rej, err := ParseZIPCentroids(src, r)
		if err != nil && rej != nil {
			t.Errorf("rejected rows returned with error %v", err)
		}
		return rows, err
	}
	expectParseErrors(t, "ParseZIPCentroids", parse, Source{"zip", "z.csv"}, []badInput{
		{"empty", "", "z.csv:1: empty file"},
		{"missing column", strings.Replace(zipHeader, "lon", "lng", 1) + row, "z.csv:1: field lon: missing column"},
		{"short zip", zipHeader + "501,I R S SERVICE CENTER,NY,SUFFOLK,,40.81,-73.04\n", `z.csv:2:1: field code: want a 5-digit ZIP code such as 01433, got "501"`},
		{"not a number", zipHeader + "00501,I R S SERVICE CENTER,NY,SUFFOLK,,40.8l,-73.04\n", "z.csv:2:6: field lat: want a number"},
		{"out of range", zipHeader + "00501,I R S SERVICE CENTER,NY,SUFFOLK,,40.81,-273.04\n", "z.csv:2:7: field lon: want degrees between -180 and 180"},
		{"duplicate", zipHeader + row + row, `z.csv:3:1: field code: duplicate key "00501" (first on line 2)`},
		{"truncated gzip", cutGzip(t, zipHeader+row), "truncated"},
	})
}

// TestZIPCentroidsBundled counts the bundled file's rows: read, kept and
// rejected for swapped coordinates (the README's "about 900").
func TestZIPCentroidsBundled(t *testing.T) {
	got, rejected, err := ParseZIPCentroids(Source{"zip", "us_zip_centroids.csv.gz"}, openBundled(t, "zip-centroids/us_zip_centroids.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got)+len(rejected) != 42472 || len(rejected) != 906 {
		t.Errorf("rows = %d kept + %d rejected, want 41566 + 906", len(got), len(rejected))
	}
	if len(rejected) > 0 && rejected[0].Key != "01433" {
		t.Errorf("first rejected = %v, want ZIP 01433", rejected[0])
	}
	for _, z := range got {
		if z.ZIP == "30332" && (z.Lat < 33 || z.Lat > 34 || z.Lon > -84 || z.Lon < -85) {
			t.Errorf("ZIP 30332 at %v, %v: want Atlanta (33.8, -84.4)", z.Lat, z.Lon)
		}
	}
}

func FuzzParseZIPCentroids(f *testing.F) {
	f.Add(zipHeader + "00501,I R S SERVICE CENTER,NY,SUFFOLK,,40.81,-73.04\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, _, err := ParseZIPCentroids(Source{"zip", "z.csv"}, strings.NewReader(in))
		checkFuzzResult(t, rows, err)
	})
}
