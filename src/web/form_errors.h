// Field problems (domain::Problem: field + code) as people read them, after
// the GOV.UK error message pattern: a message that names the field and says
// how to put it right ("Enter the applicant's surname"), not a generic
// "Enter a value.". Looked up in the catalogue, most specific first:
//   err_<step>_<field>_<code>   e.g. err_answer_text_too_short
//   err_<field>_<code>          e.g. err_surname_required
//   <label_prefix><field>: err_<code>   the generic fallback
// A field "reporter.phone" is looked up as "reporter_phone", then "phone".
#pragma once
#include <mstch/mstch.hpp>
#include <string>

#include "domain/problem.h"

namespace sabt::web {

std::string FieldMessage(const std::string& lang, const std::string& field, const std::string& code,
                         const std::string& label_prefix = "field_", const std::string& step = "");

// Fills data for a form template: "has_errors", "errors" (the summary:
// {field, anchor, message}) and "err_<field>" (the inline message, first
// problem per field). `anchor` is the id of the input: the field with '.'
// made '_', or what `anchor_of` says.
void AddFormErrors(mstch::map& data, const domain::Problems& problems, const std::string& lang,
                   const std::string& label_prefix = "field_",
                   std::string (*anchor_of)(const std::string& field) = nullptr);

}  // namespace sabt::web
