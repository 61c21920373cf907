// Report CSVs (layers.csv, what_if.csv) as one map per row (column -> cell), for the CLI tests
// that compare runs layer by layer.
#pragma once
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "sim/base/csv.hpp"
#include "support/subprocess.hpp"

namespace sasim::test {

using LayerRow = std::map<std::string, std::string>;
using LayerRows = std::vector<LayerRow>;

// The rows of a CSV text as header -> cell maps.
inline LayerRows csv_records(const std::string& text) {
    const std::vector<CsvRow> rows = parse_csv(text);
    LayerRows out;
    for (size_t i = 1; i < rows.size(); ++i) {
        LayerRow rec;
        for (size_t c = 0; c < rows[0].size() && c < rows[i].size(); ++c)
            rec[rows[0][c]] = rows[i][c];
        out.push_back(rec);
    }
    return out;
}

// Runs `head` (e.g. {"run", "--workload", "net.csv"}) --quiet --out `out` with `--set` of each
// of `sets` in `dir`; requires exit status 0 and returns the rows of out/layers.csv.
inline LayerRows run_layer_rows(const TempDir& dir, const std::vector<std::string>& head,
                                const std::vector<std::string>& sets, const std::string& out) {
    std::vector<std::string> args = head;
    args.insert(args.end(), {"--quiet", "--out", out});
    add_sets(args, sets);
    const Result r = run_sasim(dir.path(), args);
    INFO(r.err);
    REQUIRE(r.status == 0);
    return csv_records(read_bytes(dir / out / "layers.csv"));
}

// A cell as a number.
inline long long cell(const LayerRow& r, const char* col) { return std::stoll(r.at(col)); }

}  // namespace sasim::test
