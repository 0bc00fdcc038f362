package careerpath

// foldRune maps a Latin letter with a diacritic to its base letter (é → e,
// Ø → O), and leaves every other rune as it is. The table covers Latin-1
// Supplement and Latin Extended-A, which is every accented letter in the
// names of the bundled data; combining marks are dropped by Tokenize.
func foldRune(r rune) rune {
	if r < 0xC0 || r > 0x17F {
		return r
	}
	if f, ok := foldTable[r]; ok {
		return f
	}
	return r
}

var foldTable = func() map[rune]rune {
	m := map[rune]rune{}
	for base, variants := range map[rune]string{
		'A': "ÀÁÂÃÄÅĀĂĄ", 'a': "àáâãäåāăą", 'C': "ÇĆĈĊČ", 'c': "çćĉċč", 'D': "ĎĐ", 'd': "ďđ",
		'E': "ÈÉÊËĒĔĖĘĚ", 'e': "èéêëēĕėęě", 'G': "ĜĞĠĢ", 'g': "ĝğġģ", 'H': "ĤĦ", 'h': "ĥħ",
		'I': "ÌÍÎÏĨĪĬĮİ", 'i': "ìíîïĩīĭįı", 'J': "Ĵ", 'j': "ĵ", 'K': "Ķ", 'k': "ķ",
		'L': "ĹĻĽĿŁ", 'l': "ĺļľŀł", 'N': "ÑŃŅŇ", 'n': "ñńņňŉ", 'O': "ÒÓÔÕÖØŌŎŐ", 'o': "òóôõöøōŏő",
		'R': "ŔŖŘ", 'r': "ŕŗř", 'S': "ŚŜŞŠ", 's': "śŝşš", 'T': "ŢŤŦ", 't': "ţťŧ",
		'U': "ÙÚÛÜŨŪŬŮŰŲ", 'u': "ùúûüũūŭůűų", 'W': "Ŵ", 'w': "ŵ", 'Y': "ÝŶŸ", 'y': "ýÿŷ", 'Z': "ŹŻŽ", 'z': "źżž",
	} {
		for _, v := range variants {
			m[v] = base
		}
	}
	return m
}()
