// Server-side HTML from the Mustache templates in web/templates (compiled
// into the binary), each parsed once per language and kept (web/template/
// mustache.h); the data is mstch's node type. Every page is wrapped in
// layout.html. {{values}} are escaped (" ' < > & /); templates never put
// data in unquoted attributes and never use {{{triple}}} braces.
#pragma once
#include <mstch/mstch.hpp>
#include <optional>
#include <string>

#include "app/auth.h"

namespace sabt::web {

struct PageContext {
  std::string lang = "tg";
  std::string path = "/";          // current path, for the language switcher
  const app::Principal* who = nullptr;
  std::string csrf;                 // the session's (or pre-session) CSRF token
  std::string title_key;            // catalogue key of the page title
  std::optional<mstch::map> sync;   // field node: the sync banner (web/sync_banner.h)
  bool devices_link = false;        // parent node, admin: link to /admin/devices
  std::string suggest_lang;         // offer "Switch to …?" in this language (first visit)
  std::string flash;                // one-time confirmation banner (web_session.h SetFlash)
};

// Renders templates/<name>.html with `data`, inside the layout. The
// catalogue of the page's language is available as {{t.key}} (substituted
// into the template text once per language: only plain {{t.key}} tags, never
// sections over t).
std::string RenderPage(const std::string& name, const PageContext& pc, mstch::map data);

// The text a page template is parsed from in `lang` (partials expanded,
// messages substituted): for the tests that check every embedded template
// parses and renders as mstch would.
std::string LocalisedTemplateText(const std::string& name, const std::string& lang);

}  // namespace sabt::web
