// Workload reader: the shipped AlexNet files (MAC counts from docs/REFERENCE.md), SCALE-Sim's own
// topology files read unchanged, and the exact text of every input error.
#include "sim/workload/workload.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "sim/base/errors.hpp"
#include "support/files.hpp"

using namespace sasim;
using test::source_path;

namespace {

int64_t total_macs(const Workload& w, bool conv_only = false) {
    int64_t sum = 0;
    for (const Layer& l : w.layers) {
        if (!conv_only || l.type == LayerType::conv) sum += l.macs();
    }
    return sum;
}

std::string error_of(const std::string& text, const std::string& path = "w.csv") {
    try {
        parse_workload(text, path);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

const std::string kNative = "layer,type,N,C,K,H,W,R,S,stride,pad,groups\n";
const std::string kConv =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
    "Strides,\n";
const std::string kAccepted =
    "expected one of: sasim native 'layer,type,N,C,K,H,W,R,S,stride,pad,groups', SCALE-Sim conv "
    "'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
    "Strides,' or SCALE-Sim GEMM 'Layer, M, N, K,'";

void require_gemm(const Layer& l, int64_t m, int64_t n, int64_t k) {
    const GemmShape g = l.gemm();
    REQUIRE(g.M == m);
    REQUIRE(g.N == n);
    REQUIRE(g.K == k);
}

}  // namespace

TEST_CASE("original AlexNet (conv and fc only): MACs per layer, total, conv-only, weights") {
    const Workload w = read_workload(source_path("workloads/alexnet_gemm.csv"));
    REQUIRE(w.name == "alexnet_gemm");
    REQUIRE(w.format == "native");
    const std::vector<std::string> names = {"conv1", "conv2", "conv3", "conv4",
                                            "conv5", "fc6",   "fc7",   "fc8"};
    const std::vector<int64_t> macs = {105'415'200, 223'948'800, 149'520'384, 112'140'288,
                                       74'760'192,  37'748'736,  16'777'216,  4'096'000};
    REQUIRE(w.layers.size() == names.size());
    int64_t conv_weights = 0;
    for (size_t i = 0; i < names.size(); ++i) {
        REQUIRE(w.layers[i].name == names[i]);
        REQUIRE(w.layers[i].macs() == macs[i]);
        if (w.layers[i].type == LayerType::conv) conv_weights += w.layers[i].filter_elems();
    }
    REQUIRE(total_macs(w) == 724'406'816);
    REQUIRE(total_macs(w, true) == 665'784'864);
    REQUIRE(conv_weights == 2'332'704);
    REQUIRE(w.layers[0].P() == 55);
    REQUIRE(w.layers[1].groups == 2);
    REQUIRE(w.layers[5].type == LayerType::fc);
    REQUIRE(w.layers[0].source == source_path("workloads/alexnet_gemm.csv") + ":12");
    REQUIRE(w.layers[0].line == 12);
}

TEST_CASE("original AlexNet, whole: the same GEMMs, and every vector layer between them") {
    const Workload w = read_workload(source_path("workloads/alexnet.csv"));
    const Workload g = read_workload(source_path("workloads/alexnet_gemm.csv"));
    REQUIRE(w.name == "alexnet");
    std::vector<std::string> types, gemms;
    for (const Layer& l : w.layers) {
        types.push_back(to_string(l.type));
        if (!is_vector(l.type)) gemms.push_back(l.name);
    }
    const std::vector<std::string> want = {"conv", "relu",    "lrn",     "maxpool", "conv", "relu",
                                           "lrn",  "maxpool", "conv",    "relu",    "conv", "relu",
                                           "conv", "relu",    "maxpool", "fc",      "relu", "fc",
                                           "relu", "fc",      "softmax"};
    REQUIRE(types == want);
    REQUIRE(gemms.size() == g.layers.size());
    for (size_t i = 0, j = 0; i < w.layers.size(); ++i) {
        if (is_vector(w.layers[i].type)) {
            REQUIRE(w.layers[i].macs() == 0);
            continue;
        }
        REQUIRE(w.layers[i].name == g.layers[j].name);
        REQUIRE(w.layers[i].macs() == g.layers[j++].macs());
    }
    REQUIRE(total_macs(w) == 724'406'816);
    // Each vector layer's output is the next layer's input: 55 -> 27 -> 13 -> 6 by the pools.
    const auto& l = w.layers;
    REQUIRE(l[3].P() == 27);                              // pool1: floor((55 - 3) / 2) + 1
    REQUIRE(l[7].P() == 13);                              // pool2: floor((27 - 3) / 2) + 1
    REQUIRE(l[14].P() == 6);                              // pool5: floor((13 - 3) / 2) + 1
    REQUIRE(l[14].K * l[14].P() * l[14].Q() == l[15].C);  // 256 * 6 * 6 = 9216 = fc6's C
    REQUIRE(l[2].P() == 55);                              // lrn keeps the size
    REQUIRE(l[20].C == 1000);                             // softmax over the 1000 class scores
}

TEST_CASE("torchvision AlexNet: MACs per layer and total") {
    const Workload w = read_workload(source_path("workloads/alexnet_torchvision.csv"));
    const std::vector<int64_t> macs = {70'276'800, 223'948'800, 112'140'288, 149'520'384,
                                       99'680'256, 37'748'736,  16'777'216,  4'096'000};
    REQUIRE(w.layers.size() == macs.size());
    for (size_t i = 0; i < macs.size(); ++i) REQUIRE(w.layers[i].macs() == macs[i]);
    REQUIRE(total_macs(w) == 714'188'480);
    REQUIRE(total_macs(w, true) == 655'566'528);
    REQUIRE(w.layers[0].P() == 55);
}

TEST_CASE("tiny workload: padded conv, grouped strided conv, 1x1 conv, fc") {
    const Workload w = read_workload(source_path("workloads/tiny.csv"));
    REQUIRE(w.layers.size() == 4);
    REQUIRE(w.layers[0].P() == 8);
    REQUIRE(w.layers[1].P() == 4);
    REQUIRE(w.layers[1].groups == 2);
    REQUIRE(w.layers[3].type == LayerType::fc);
    REQUIRE(total_macs(w) == 36'352);
}

TEST_CASE("SCALE-Sim alexnet.csv is read unchanged, with its output rule") {
    const Workload w = read_workload(source_path("tests/data/scalesim/alexnet.csv"));
    REQUIRE(w.format == "scalesim-conv");
    REQUIRE(w.layers.size() == 5);
    const Layer& conv1 = w.layers[0];
    REQUIRE(conv1.name == "Conv1");
    REQUIRE(conv1.rule == OutputRule::scalesim);
    REQUIRE(conv1.P() == 55);
    REQUIRE(conv1.Q() == 55);
    require_gemm(conv1, 3025, 96, 363);
    REQUIRE(w.layers[1].P() == 23);  // SCALE-Sim's conv2 is unpadded
    REQUIRE(w.layers[4].name == "Conv5");
    REQUIRE(w.layers[4].pad_h == 0);
    REQUIRE(w.layers[4].groups == 1);
}

TEST_CASE("SCALE-Sim GEMM files are read unchanged") {
    const Workload mnk = read_workload(source_path("tests/data/scalesim/test_mnk_input.csv"));
    REQUIRE(mnk.format == "scalesim-gemm");
    REQUIRE(mnk.layers.size() == 1);
    REQUIRE(mnk.layers[0].name == "Test 1");
    REQUIRE(mnk.layers[0].type == LayerType::gemm);
    require_gemm(mnk.layers[0], 128, 64, 256);

    const Workload tf = read_workload(source_path("tests/data/scalesim/transformer_partial.csv"));
    REQUIRE(tf.layers.size() == 6);  // CRLF line endings, no final newline
    REQUIRE(tf.layers[0].name == "MH_FC_DimReduce_VKQ_0");
    require_gemm(tf.layers[0], 128, 512, 1536);
    REQUIRE(tf.layers[5].name == "FF_B_0");
    require_gemm(tf.layers[5], 128, 2048, 2048);
}

TEST_CASE("SCALE-Sim depthwise (DP) layers expand into one layer per channel") {
    const Workload w = parse_workload(kConv + "DP_conv, 10, 10, 3, 3, 4, 2, 1,\n", "s.csv");
    REQUIRE(w.layers.size() == 4);
    for (int i = 0; i < 4; ++i) {
        REQUIRE(w.layers[i].name == "DP_convChannel_" + std::to_string(i));
        REQUIRE(w.layers[i].C == 1);
        REQUIRE(w.layers[i].K == 2);
        REQUIRE(w.layers[i].line == 2);
    }
    require_gemm(w.layers[0], 64, 2, 9);
}

TEST_CASE("SCALE-Sim conv rows may give a separate stride width") {
    const std::string header =
        "Layer name,IFMAP height,IFMAP width,Filter height,Filter width,Channels,Num filter,"
        "Stride height,Stride width,\n";
    const Workload w = parse_workload(header + "c,10,12,3,3,1,1,1,2,\n", "s.csv");
    REQUIRE(w.layers[0].stride_h == 1);
    REQUIRE(w.layers[0].stride_w == 2);
    REQUIRE(w.layers[0].P() == 8);
    REQUIRE(w.layers[0].Q() == 6);  // ceil((12 - 3 + 2) / 2)
    const Workload eight = parse_workload(kConv + "c,10,12,3,3,1,1,1,2,\n", "s.csv");
    REQUIRE(eight.layers[0].stride_w == 2);
    // SCALE-Sim drops the last cell, so a '#' note there is harmless (its mobilnet_paper.csv).
    const Workload note =
        parse_workload(kConv + "Conv2_dw, 112, 112, 3, 3, 1, 1, 2,#dw\n", "s.csv");
    REQUIRE(note.layers[0].name == "Conv2_dw");
    REQUIRE(note.layers[0].P() == 56);
}

TEST_CASE("native format: comments, blank lines, spaces, CRLF, BOM") {
    const std::string text =
        "\xEF\xBB\xBF# comment\r\n\r\n layer , type,N,C,K,H,W,R,S,stride,pad,"
        "groups\r\n  # another\r\nc1 , conv , 2, 3, 4, 5, 5, 3, 3, 1, +1, 1\r\n";
    const Workload w = parse_workload(text, "dir/my.net.csv");
    REQUIRE(w.name == "my.net");
    REQUIRE(w.path == "dir/my.net.csv");
    REQUIRE(w.layers.size() == 1);
    const Layer& l = w.layers[0];
    REQUIRE(l.name == "c1");
    REQUIRE(l.N == 2);
    REQUIRE(l.pad_w == 1);
    REQUIRE(l.source == "dir/my.net.csv:5");
    REQUIRE(l.macs() == 2 * 25 * 4 * 27);
}

TEST_CASE("errors: missing file, empty file, header only, unknown header") {
    std::string msg;
    try {
        read_workload("/nonexistent/sasim/w.csv");
    } catch (const InputError& e) {
        msg = e.what();
    }
    REQUIRE(msg ==
            "/nonexistent/sasim/w.csv: cannot open workload file: No such file or directory");
    const std::string none =
        "w.csv: no header: the file is empty or has only blank and comment lines; " + kAccepted;
    REQUIRE(error_of("") == none);
    REQUIRE(error_of("# only a comment\n\n") == none);
    REQUIRE(error_of("# c\n" + kNative) ==
            "w.csv: no layers: line 2 is the header and no layer lines follow; expected at least "
            "one layer");
    REQUIRE(error_of("name,foo\n") == "w.csv:1: unknown header 'name,foo'; " + kAccepted);
    REQUIRE(error_of("Layer,Type,N,C,K,H,W,R,S,Stride,Pad,Groups\nx\n") ==
            "w.csv:1: unknown header 'Layer,Type,N,C,K,H,W,R,S,Stride,Pad,Groups'; " + kAccepted +
                " (native column names are case-sensitive)");
}

TEST_CASE("errors: column count, non-numeric, negative, zero, unknown type, empty name") {
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,8,8,3,3,1,1\n") ==
            "w.csv:2: expected 12 columns (layer,type,N,C,K,H,W,R,S,stride,pad,groups), found 11");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,8,8,3,3,1,1,1,\n") ==
            "w.csv:2: expected 12 columns (layer,type,N,C,K,H,W,R,S,stride,pad,groups), found 13; "
            "remove the trailing comma");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,abc,8,3,3,1,1,1\n") ==
            "w.csv:2: column 'H': 'abc' is not an integer; expected an integer from 1 to 1048576");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,8,8,3.5,3,1,1,1\n") ==
            "w.csv:2: column 'R': '3.5' is not an integer; expected an integer from 1 to 1048576");
    REQUIRE(error_of(kNative + "c1,conv,1,,8,8,8,3,3,1,1,1\n") ==
            "w.csv:2: column 'C': '' is not an integer; expected an integer from 1 to 1048576");
    REQUIRE(error_of(kNative + "c1,conv,1,-3,8,8,8,3,3,1,1,1\n") ==
            "w.csv:2: column 'C': '-3' is not a positive integer; expected an integer from 1 to "
            "1048576");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,8,8,3,3,0,1,1\n") ==
            "w.csv:2: column 'stride': '0' is not a positive integer; expected an integer from 1 "
            "to 1024");
    REQUIRE(error_of(kNative + "c1,conv,0,3,8,8,8,3,3,1,1,1\n") ==
            "w.csv:2: column 'N': '0' is not a positive integer; expected an integer from 1 to "
            "65536");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,8,8,3,3,1,-1,1\n") ==
            "w.csv:2: column 'pad': '-1' is not a non-negative integer; expected an integer from "
            "0 to 1024");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,8,8,3,3,1,1,0\n") ==
            "w.csv:2: column 'groups': '0' is not a positive integer; expected an integer from 1 "
            "to 1048576");
    REQUIRE(
        error_of(kNative + "p1,pool,1,3,8,8,8,3,3,1,1,1\n") ==
        "w.csv:2: column 'type': 'pool' is not a layer type; expected one of: conv, fc, matmul, "
        "relu, clip, sigmoid, tanh, add, mul, affine, maxpool, avgpool, gap, lrn, softmax, "
        "layernorm, transpose");
    REQUIRE(error_of(kNative + ",conv,1,3,8,8,8,3,3,1,1,1\n") ==
            "w.csv:2: column 'layer': '' is not a layer name; expected a non-empty name");
}

TEST_CASE("errors: filter larger than the padded input names the layer and the arithmetic") {
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,5,5,7,7,1,0,1\n") ==
            "w.csv:2: layer 'c1': filter height R = 7 is larger than the padded input H + 2*pad "
            "= 5 + 2*0 = 5, so the output height P = floor((5 + 2*0 - 7) / 1) + 1 = -1 is not "
            "positive; expected R <= 5");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,9,5,7,7,2,0,1\n") ==
            "w.csv:2: layer 'c1': filter width S = 7 is larger than the padded input W + 2*pad = "
            "5 + 2*0 = 5, so the output width Q = floor((5 + 2*0 - 7) / 2) + 1 = 0 is not "
            "positive; expected S <= 5");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,4,4,7,1,1,1,1\n") ==
            "w.csv:2: layer 'c1': filter height R = 7 is larger than the padded input H + 2*pad "
            "= 4 + 2*1 = 6, so the output height P = floor((4 + 2*1 - 7) / 1) + 1 = 0 is not "
            "positive; expected R <= 6");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,5,5,7,7,1,1,1\n") == "(no error)");  // R = H + 2*pad
}

TEST_CASE("errors: groups, fc shape, duplicate names") {
    REQUIRE(error_of(kNative + "g,conv,1,10,8,8,8,3,3,1,1,4\n") ==
            "w.csv:2: layer 'g': column 'groups': '4' is not a divisor of C = 10; groups must "
            "divide both C and K");
    REQUIRE(error_of(kNative + "g,conv,1,8,10,8,8,3,3,1,1,4\n") ==
            "w.csv:2: layer 'g': column 'groups': '4' is not a divisor of K = 10; groups must "
            "divide both C and K");
    const std::string fc_rule =
        "; an fc layer needs H=W=R=S=1, stride=1, pad=0, groups=1 (C = input features, K = "
        "output features)";
    REQUIRE(error_of(kNative + "fc6,fc,1,256,4096,6,6,1,1,1,0,1\n") ==
            "w.csv:2: layer 'fc6': column 'H': '6' is not 1" + fc_rule);
    REQUIRE(error_of(kNative + "fc6,fc,1,256,4096,1,1,1,1,1,1,1\n") ==
            "w.csv:2: layer 'fc6': column 'pad': '1' is not 0" + fc_rule);
    REQUIRE(error_of(kNative + "fc6,fc,1,256,4096,1,1,1,1,1,0,2\n") ==
            "w.csv:2: layer 'fc6': column 'groups': '2' is not 1" + fc_rule);
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,8,8,3,3,1,1,1\n# x\nc1,fc,1,3,8,1,1,1,1,1,0,1\n") ==
            "w.csv:4: column 'layer': 'c1' is not a unique layer name; line 2 already has a "
            "layer of that name");
}

TEST_CASE("errors: absurd sizes are refused with the limit named, without overflow") {
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,2000000,8,3,3,1,1,1\n") ==
            "w.csv:2: column 'H': '2000000' is above the limit; expected an integer from 1 to "
            "1048576");
    REQUIRE(error_of(kNative + "c1,conv,1,1000000000000,8,8,8,3,3,1,1,1\n") ==
            "w.csv:2: column 'C': '1000000000000' is above the limit; expected an integer from 1 "
            "to 1048576");
    REQUIRE(error_of(kNative + "c1,conv,1,3,99999999999999999999999,8,8,3,3,1,1,1\n") ==
            "w.csv:2: column 'K': '99999999999999999999999' is above the limit; expected an "
            "integer from 1 to 1048576");
    REQUIRE(error_of(kNative + "c1,conv,70000,3,8,8,8,3,3,1,1,1\n") ==
            "w.csv:2: column 'N': '70000' is above the limit; expected an integer from 1 to "
            "65536");
    REQUIRE(error_of(kNative + "c1,conv,1,3,8,8,8,3,3,2000,1,1\n") ==
            "w.csv:2: column 'stride': '2000' is above the limit; expected an integer from 1 to "
            "1024");
    REQUIRE(error_of(kNative + "big,conv,65536,1048576,1,1048576,1048576,1,1,1,0,1\n") ==
            "w.csv:2: layer 'big': ifmap elements N*C*H*W = 65536*1048576*1048576*1048576 = "
            "75557863725914323419136, more than the limit of 1099511627776 (2^40) elements per "
            "tensor");
    REQUIRE(error_of(kNative + "huge,conv,1,262144,1024,1024,1024,3,3,1,1,1\n") ==
            "w.csv:2: layer 'huge': MACs N*P*Q*K*R*S*(C/groups) = 1*1024*1024*1024*3*3*262144 = "
            "2533274790395904, more than the limit of 1000000000000000 (10^15) MACs per layer");
}

TEST_CASE("errors: SCALE-Sim conv and GEMM files") {
    REQUIRE(error_of(kConv + "Conv1, 5, 5, 7, 3, 3, 8, 1,\n", "s.csv") ==
            "s.csv:2: layer 'Conv1': column 'Filter Height': '7' is larger than IFMAP Height = 5; "
            "SCALE-Sim requires Filter Height <= IFMAP Height (its files have no padding: pre-pad "
            "the input size)");
    REQUIRE(error_of(kConv + "Conv1, 5, 5, 3, 3, 3, 8, 1\n", "s.csv") ==
            "s.csv:2: the line does not end with a comma; SCALE-Sim drops the last cell of every "
            "row, so '1' would be ignored; end the line with ','");
    REQUIRE(error_of(kConv + "Conv1, 5, 5, 3, 3, 3, 8,\n", "s.csv") ==
            "s.csv:2: expected 8 or 9 values before the trailing comma (Layer name, IFMAP Height, "
            "IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides, optional "
            "Stride width), found 7");
    REQUIRE(error_of(kConv + "Conv1, x, 5, 3, 3, 3, 8, 1,\n", "s.csv") ==
            "s.csv:2: column 'IFMAP Height': 'x' is not an integer; expected an integer from 1 to "
            "1048576");
    REQUIRE(
        error_of(kConv + "Conv1, 5, 5, 3, 3, 3, 8, 1,\nConv1, 5, 5, 3, 3, 3, 8, 1,\n", "s.csv") ==
        "s.csv:3: column 'Layer name': 'Conv1' is not a unique layer name; line 2 already has "
        "a layer of that name");
    REQUIRE(error_of(kConv + "DP1, 10, 10, 3, 3, 200000, 1, 1,\n", "s.csv") ==
            "s.csv:2: layer 'DP1' would make 200000 layers; a workload may have at most 100000 "
            "layers");
    REQUIRE(error_of("Layer, M, N, K,\nG1, 1, 2,\n", "g.csv") ==
            "g.csv:2: expected 4 values before the trailing comma (Layer, M, N, K), found 3");
    REQUIRE(error_of("Layer Name, M, N, K,\nG1, 0, 2, 3,\n", "g.csv") ==
            "g.csv:2: column 'M': '0' is not a positive integer; expected an integer from 1 to "
            "1048576");
}

TEST_CASE("validate() checks layers built in code") {
    Layer l;
    l.name = "x";
    l.source = "api";
    REQUIRE_NOTHROW(validate(l));
    l.stride_h = 0;
    std::string msg;
    try {
        validate(l);
    } catch (const InputError& e) {
        msg = e.what();
    }
    REQUIRE(msg ==
            "api: layer 'x': field 'stride_h' = 0 is out of range; expected an integer from "
            "1 to 1024");
}
