// The programme's block on start pages (docs/programme.md §6): overdue
// activities of which the user is the owner and overdue decisions assigned
// to the user, and the cards of the programme roles.
#pragma once
#include "app/home/start_page.h"

namespace sabt::app::programme {

// Adds the cards of a programme coordinator or partner (nothing for other roles).
void AddProgrammeCards(const Principal& who, StartPage* page);
// Fills page->programme_due for any signed-in user, most overdue first.
Status AddOverdueBlock(App& app, const Principal& who, StartPage* page);

}  // namespace sabt::app::programme
