#include <catch2/catch.hpp>

#include <cmath>

#include "hotspot/core/error.hpp"
#include "hotspot/crs/transform.hpp"

using namespace hotspot;

namespace {
// Metres between two lon/lat points, locally (good to well under a millimetre at 0.5 m).
double metres(double lon1, double lat1, double lon2, double lat2) {
  const double k = M_PI / 180.0, r = 6371000.0;
  const double dx = (lon2 - lon1) * k * std::cos(lat1 * k) * r, dy = (lat2 - lat1) * k * r;
  return std::hypot(dx, dy);
}
}  // namespace

TEST_CASE("crs: RD New -> WGS84 at the Amersfoort control point within 0.5 m", "[crs]") {
  // Published: RD x 155000, y 463000 = ETRS89 lon 5.38720621, lat 52.15517440.
  crs::Transform tf("EPSG:28992", "EPSG:4326");
  double x = 155000, y = 463000;
  tf.forward(x, y);
  INFO("PROJ operation: " << tf.operation_name() << "; got lon " << x << " lat " << y);
  CHECK(metres(x, y, 5.38720621, 52.15517440) < 0.5);
}

TEST_CASE("crs: round trip RD -> WGS84 -> RD within 1 mm", "[crs]") {
  crs::Transform fwd("EPSG:28992", "EPSG:4326");
  std::vector<double> xs{155000, 207796.55, 208163.49, 13000.0, 278000.0};
  std::vector<double> ys{463000, 474061.14, 474218.99, 371000.0, 612000.0};
  auto x = xs, y = ys;
  fwd.forward(x.data(), y.data(), x.size());
  fwd.inverse(x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < xs.size(); ++i) CHECK(std::hypot(x[i] - xs[i], y[i] - ys[i]) < 0.001);
}

TEST_CASE("crs: axis order is lon/lat whatever the EPSG definition says", "[crs]") {
  crs::Transform tf("EPSG:4326", "EPSG:28992");
  double x = 6.1553, y = 52.2516;  // lon, lat of the Deventer centre
  tf.forward(x, y);
  CHECK(x == Approx(207300).margin(1500));
  CHECK(y == Approx(474000).margin(1500));
}

TEST_CASE("crs: unknown CRS is an error naming it", "[crs]") {
  try {
    crs::Transform tf("EPSG:999999", "EPSG:28992");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::Crs);
    CHECK(std::string(e.what()).find("EPSG:999999") != std::string::npos);
  }
  CHECK(crs::normalise("28992") == "EPSG:28992");
  CHECK_FALSE(crs::is_known("EPSG:999999"));
}

TEST_CASE("crs: area of use of RD New covers the Netherlands and not Belgium's south", "[crs]") {
  const auto b = crs::area_of_use("EPSG:28992", 0.0);
  CHECK(b[0] < 13000);
  CHECK(b[2] > 278000);
  CHECK(b[1] < 308000);  // Eijsden, the southern tip, is at y ~ 307000
  CHECK(b[3] > 620000);
  CHECK(b[1] > 0);
}

TEST_CASE("crs: projected areas of use from the CRS's own conversion equal PROJ's operation search",
          "[crs]") {
  // Reference: the same bounds projected with proj_create_crs_to_crs (PROJ 9.1, 21 densify points).
  struct Case {
    const char* crs;
    double w, s, e, n;
  };
  for (const Case c :
       {Case{"EPSG:28992", 634.573279, 306579.367023, 284300.025409, 636981.769887},
        Case{"EPSG:32631", 166021.443081, 0.0, 833978.556919, 9329005.182447},
        Case{"EPSG:3035", -146473.113242, 198374.608134, 7824928.564456, 6971477.484522}}) {
    INFO(c.crs);
    const auto b = crs::area_of_use(c.crs, 0.0);
    CHECK(b[0] == Approx(c.w).margin(1e-3));
    CHECK(b[1] == Approx(c.s).margin(1e-3));
    CHECK(b[2] == Approx(c.e).margin(1e-3));
    CHECK(b[3] == Approx(c.n).margin(1e-3));
  }
}

TEST_CASE("crs: a Transform moved over another frees its old PJ objects before their context",
          "[crs]") {
  // Under ASan the defaulted move-assignment was a use after free (the context went first).
  crs::Transform a("EPSG:28992", "EPSG:4326");
  crs::Transform b("EPSG:4326", "EPSG:28992");
  a = std::move(b);
  double x = 5.38720621, y = 52.15517440;  // Amersfoort
  a.forward(x, y);
  CHECK(x == Approx(155000).margin(1.0));
  CHECK(y == Approx(463000).margin(1.0));
  CHECK(a.source() == "EPSG:4326");
}
