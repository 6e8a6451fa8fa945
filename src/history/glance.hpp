#pragma once
// "My sessions" on the home menu: the last four weeks at a glance, for the person with the
// remote rather than the clinician (who reads `classplayer history`). A few short lines in
// everyday words, big enough to read across a room: how many classes each week, the last one,
// how the back felt after it, what was made easier most often.
#include <string>
#include <vector>

#include "history/database.hpp"

namespace classplayer::history {

// `today` is the local date, YYYY-MM-DD; weeks run Monday to Sunday. Waiting-room (kiosk)
// rounds are nobody's own and are left out. Never empty: with no classes it says so.
std::vector<std::string> glance(const std::vector<Session>& sessions, const std::string& today);

// The first day glance() counts (the Monday three weeks before this week's), YYYY-MM-DD: what
// to read from the record. Empty (the whole record) when `today` is not a date.
std::string glance_first_day(const std::string& today);

// The local date today, YYYY-MM-DD.
std::string local_today();

}  // namespace classplayer::history
