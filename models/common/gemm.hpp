// A matrix multiply as the array sees it: out[M][N] = sum_k A[M][K] * B[K][N].
// For a convolution (one group): M = batch x output pixels, N = filters, K = R x S x C window.
#pragma once
#include <cstdint>

namespace sasim {

struct GemmShape {
    int64_t M = 0;  // rows of A and of the output (ofmap pixels, batch rows for fc)
    int64_t N = 0;  // columns of B and of the output (filters / output features)
    int64_t K = 0;  // reduction length (conv window, input features)
    int64_t macs() const { return M * N * K; }
};

}  // namespace sasim
