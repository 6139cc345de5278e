//! What the tray menu says and what its items do, for both trays: the window
//! process's (Tauri) and the tray agent's (no WebKit). Each only draws these items
//! and carries out the [`Action`] an id stands for.

use crate::messages::AppText;
use crate::state::{lock, AppState};

/// One tray menu entry: id, label in the UI language, and enabled (or, for "pause", checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub label: String,
    pub on: bool,
}

impl Item {
    /// A separator is drawn after this item.
    pub fn separator_after(&self) -> bool {
        self.id == "open"
    }

    /// A separator is drawn before this item.
    pub fn separator_before(&self) -> bool {
        self.id == "refresh"
    }

    /// Drawn as a check box ("on" is its state, not whether it is enabled).
    pub fn is_check(&self) -> bool {
        self.id == "pause"
    }
}

/// What a menu item (or a notification click) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Show the window as it was left.
    Open,
    /// Show the window on one instance: its renewal (`renewal`) or its details.
    Instance {
        profile: String,
        id: String,
        renewal: bool,
    },
    /// Show the window on an order's tracker.
    Order {
        profile: String,
        id: String,
    },
    Refresh,
    TogglePause,
    Quit,
}

impl Action {
    /// The action behind a menu item id; `None` for labels that do nothing.
    pub fn of(id: &str) -> Option<Action> {
        let pair = |rest: &str| {
            rest.rsplit_once(':')
                .map(|(p, i)| (p.to_string(), i.to_string()))
        };
        match id {
            "open" | "pending" => Some(Action::Open),
            "refresh" => Some(Action::Refresh),
            "pause" => Some(Action::TogglePause),
            "quit" => Some(Action::Quit),
            _ => {
                if let Some((profile, id)) = id.strip_prefix("order:").and_then(pair) {
                    return Some(Action::Order { profile, id });
                }
                let (profile, id) = id.strip_prefix("renew:").and_then(pair)?;
                Some(Action::Instance {
                    profile,
                    id,
                    renewal: true,
                })
            }
        }
    }

    /// As a command-line argument (the tray agent opens the window with it).
    pub fn to_arg(&self) -> String {
        match self {
            Action::Instance {
                profile,
                id,
                renewal,
            } => format!(
                "{}:{profile}:{id}",
                if *renewal { "renew" } else { "detail" }
            ),
            Action::Order { profile, id } => format!("order:{profile}:{id}"),
            _ => "open".into(),
        }
    }

    /// Read back from [`Action::to_arg`]; anything else opens the window as it was.
    pub fn from_arg(arg: &str) -> Action {
        if let Some((profile, id)) = arg.strip_prefix("detail:").and_then(|r| r.rsplit_once(':')) {
            return Action::Instance {
                profile: profile.into(),
                id: id.into(),
                renewal: false,
            };
        }
        match Action::of(arg) {
            Some(a @ (Action::Instance { .. } | Action::Order { .. })) => a,
            _ => Action::Open,
        }
    }
}

/// The menu's entries, in the settings' language.
pub fn items(state: &AppState) -> Vec<Item> {
    let s = state.settings.get();
    let l = s.language;
    let item = |id: &str, t: AppText, on: bool| Item {
        id: id.into(),
        label: t.text(l),
        on,
    };
    let mut out = vec![item("open", AppText::TrayOpen, true)];
    let unresolved = crate::unresolved::pending_list(state).len();
    if unresolved > 0 {
        // A paid action with a lost answer is the first thing the tray says.
        out.push(item(
            "pending",
            AppText::TrayUnresolved { n: unresolved },
            true,
        ));
    }
    // Reminders no notification server took: listed here until delivered.
    let pending = state.reminders.waiting();
    if !pending.is_empty() {
        let n = pending.len();
        out.push(item(
            "reminders",
            AppText::TrayRemindersWaiting { n },
            false,
        ));
        for (profile, r) in &pending {
            out.push(Item {
                id: format!("renew:{profile}:{}", r.instance_id),
                label: format!("• {}", r.title(l)),
                on: true,
            });
        }
    }
    for (id, label) in unpaid_items(state) {
        out.push(Item {
            id,
            label,
            on: true,
        });
    }
    let up = lock(&state.reminders.upcoming).clone();
    if up.is_empty() {
        out.push(item("none", AppText::TrayNothingSoon, false));
    }
    for (profile, id, label) in up {
        out.push(Item {
            id: format!("renew:{profile}:{id}"),
            label,
            on: true,
        });
    }
    out.push(item("refresh", AppText::TrayRefresh, true));
    out.push(item("pause", AppText::TrayPause, s.notifications_paused));
    out.push(item("quit", AppText::TrayQuit, true));
    out
}

/// One menu item per order waiting for payment, `order:{profile}:{order_id}`,
/// naming its payment deadline (so an unpaid order is not forgotten).
pub fn unpaid_items(state: &AppState) -> Vec<(String, String)> {
    let l = state.settings.lang();
    lock(&state.reminders.unpaid)
        .iter()
        .map(|(profile, o)| {
            let by = o
                .pay_by
                .as_deref()
                .map(|t| t.get(..16).unwrap_or(t).replace('T', " "))
                .unwrap_or_else(|| "—".into());
            let amount = o
                .amount
                .map(|a| format!(" {a:.2} {}", o.currency.as_deref().unwrap_or("")))
                .unwrap_or_default();
            let label = AppText::TrayUnpaid {
                order: o.order_id.clone(),
                amount,
                by,
            };
            (format!("order:{profile}:{}", o.order_id), label.text(l))
        })
        .collect()
}

pub fn tooltip(state: &AppState) -> String {
    let l = state.settings.lang();
    let unresolved = crate::unresolved::pending_list(state).len();
    if unresolved > 0 {
        return AppText::TipUnresolved { n: unresolved }.text(l);
    }
    let pending = state.reminders.waiting().len();
    if pending > 0 {
        return AppText::TipWaiting { n: pending }.text(l);
    }
    if let Some((_, label)) = unpaid_items(state).first() {
        let n = lock(&state.reminders.unpaid).len();
        let more = if n > 1 {
            AppText::TipMore { n: n - 1 }.text(l)
        } else {
            String::new()
        };
        return format!("Flexus Desk — {label}{more}");
    }
    let up = lock(&state.reminders.upcoming);
    match up.first() {
        Some((_, _, label)) => format!("Flexus Desk — {label}"),
        None => "Flexus Desk".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_survive_the_command_line_and_unknown_ids_do_nothing() {
        let cases = [
            Action::Open,
            Action::Instance {
                profile: "Demo".into(),
                id: "i-1".into(),
                renewal: true,
            },
            Action::Instance {
                profile: "shop: HK".into(),
                id: "i-2".into(),
                renewal: false,
            },
            Action::Order {
                profile: "Demo".into(),
                id: "CS123".into(),
            },
        ];
        for a in cases {
            assert_eq!(Action::from_arg(&a.to_arg()), a);
        }
        assert_eq!(Action::of("none"), None);
        assert_eq!(Action::of("reminders"), None);
        assert_eq!(Action::of("pending"), Some(Action::Open));
        assert_eq!(
            Action::from_arg("quit"),
            Action::Open,
            "an argument never quits"
        );
        assert_eq!(Action::from_arg("renew:nocolon"), Action::Open);
    }
}
