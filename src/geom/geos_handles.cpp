#include "hotspot/geom/geos_handles.hpp"

#include <cstdarg>
#include <cstdio>

namespace hotspot {

namespace {
// No exception may cross this C callback: it only copies the text.
void geos_message_r(const char* message, void* userdata) {
  if (userdata && message) *static_cast<std::string*>(userdata) = message;
}
}  // namespace

GeosContext::GeosContext() : h_(GEOS_init_r()), last_error_(std::make_unique<std::string>()) {
  GEOSContext_setErrorMessageHandler_r(h_, geos_message_r, last_error_.get());
  GEOSContext_setNoticeMessageHandler_r(h_, nullptr, nullptr);
}

GeosContext::~GeosContext() {
  GEOS_finish_r(h_);
}

}  // namespace hotspot
