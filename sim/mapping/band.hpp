// The band loop of a mapping: M (the lowered GEMM's images x output pixels, m = (n*P + p)*Q + q)
// walked in bands, outermost, the rest of the loop nest run once per band as for a layer of the
// band's pixels. A band is whole images (`band` a multiple of P*Q; the last band may hold fewer
// images) or whole output rows of one image (`band` = r*Q with r < P; bands never cross an image
// and an image's last band may have fewer rows). So a batch-N layer can run as N repetitions of
// its batch-1 mapping, or of a band of it, whose partial sums or input rows fit on chip.
// Consecutive row bands of an image read overlapping input rows (the window's halo, R - stride
// rows): each band fetches them again. Leaves out: bands that cut an output row, and bands of
// several partial images.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/mapping/mapping.hpp"

namespace sasim {

// The loop that runs along M: ws t, os a, is b.
Loop m_loop(Dataflow df);

// Whether the mapping walks M in more than one band.
bool banded(const LayerShape& s, const Mapping& m);

// Whether `band` pixels is a band of this layer (whole images or whole rows of one image, fewer
// than M); false with `why` set if not.
bool valid_band(const LayerShape& s, int64_t band, std::string& why);

// How many bands, and the k-th band's range of M, in walk order (`band` valid, or 0: one band).
int64_t band_count(const LayerShape& s, int64_t band);
Span band_at(const LayerShape& s, int64_t band, int64_t k);

// The shape of a band of `pixels` output pixels: the same layer with M = pixels.
LayerShape band_shape(const LayerShape& s, int64_t pixels);

// Bands that cost the same (the same size at the same place in an image: their tiles' bytes are
// equal, translated by whole images), each with a representative and how many there are; the
// first band is a class of its own (it fetches a filter held whole and loads the first fold).
struct BandClass {
    Span span;
    int64_t count = 1;
    bool first = false;
};
std::vector<BandClass> band_classes(const LayerShape& s, int64_t band);

}  // namespace sasim
