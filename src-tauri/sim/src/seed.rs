//! Seeded accounts and instances: `demo` (a handful in varied states on both sites)
//! and `scale` (1,000 instances across six regions, for benchmarks).

use rand::Rng;
use time::{Duration, OffsetDateTime};

use super::world::{Account, World, MONTH_DAYS};
use flexus_core::catalog::ImageChoice;
use flexus_core::endpoints::Site;

/// The demo credentials. They open only the simulator; printed by `flexus sim`.
pub const DEMO_INTL_AK: &str = "DEMOINTLAK0000000001";
pub const DEMO_INTL_SK: &str = "demo-intl-secret-key-not-a-real-secret0";
pub const DEMO_CN_AK: &str = "DEMOCNAK000000000002";
pub const DEMO_CN_SK: &str = "demo-cn-secret-key-not-a-real-secret000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    Empty,
    Demo,
    /// `n` instances spread over the six International regions.
    Scale(usize),
}

impl std::str::FromStr for Seed {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "empty" => Ok(Seed::Empty),
            "demo" => Ok(Seed::Demo),
            "scale" => Ok(Seed::Scale(1000)),
            _ => match s.strip_prefix("scale:").and_then(|n| n.parse().ok()) {
                Some(n) if n <= 100_000 => Ok(Seed::Scale(n)),
                _ => Err(format!(
                    "unknown seed '{s}': use demo, scale, scale:N or empty"
                )),
            },
        }
    }
}

fn account(world: &mut World, site: Site, name: &str, ak: &str, sk: &str, balance: f64) -> Account {
    let a = Account {
        domain_id: super::world::hex_id(&mut world.rng, 32),
        domain_name: name.into(),
        site,
        ak: ak.into(),
        sk: sk.into(),
        token: None,
        balance,
    };
    world.accounts.push(a.clone());
    a
}

struct Plan<'a> {
    name: &'a str,
    region: &'a str,
    spec: &'a str,
    image: (&'a str, &'a str),
    expires_in_days: i64,
    age_days: i64,
    status: &'a str,
    auto_renew: bool,
    traffic_left_pct: f64,
}

fn add(world: &mut World, acct: &Account, now: OffsetDateTime, p: &Plan) {
    let image = ImageChoice::Public {
        name: p.image.0.into(),
        version: p.image.1.into(),
    };
    let created = now - Duration::days(p.age_days);
    let oid = world.order_id(created);
    let mut inst = world.new_instance(acct, p.name, p.region, p.spec, image, &oid, created, 1);
    inst.visible = true;
    inst.expire = now + Duration::days(p.expires_in_days) + Duration::hours(3);
    inst.effective = created;
    inst.auto_renew = p.auto_renew;
    inst.server.status = p.status.into();
    // Daily use chosen so that the current cycle has `traffic_left_pct` left now.
    let since = (now - created).whole_seconds().max(0);
    let cycle = Duration::days(MONTH_DAYS).whole_seconds();
    let start = created + Duration::seconds(since - since % cycle);
    let into = super::traffic::pattern_days(start, now);
    if into > 0.01 {
        inst.traffic_gb_per_day = inst.traffic_total_gb * (1.0 - p.traffic_left_pct / 100.0) / into;
    }
    world.orders.push(super::world::Order {
        order_id: oid,
        domain_id: acct.domain_id.clone(),
        order_type: 1,
        status: 5,
        created,
        paid_at: Some(created),
        amount: inst.monthly_price,
        instance_ids: vec![inst.id.clone()],
        period_type: 2,
        period_num: 1,
        renew_months: 0,
        spec_desc: super::world::World::spec_desc(acct.site, &inst.region, &inst.spec_code),
    });
    world.instances.push(inst);
}

pub fn apply(world: &mut World, seed: Seed, now: OffsetDateTime) {
    let intl = account(
        world,
        Site::Intl,
        "demo-shop",
        DEMO_INTL_AK,
        DEMO_INTL_SK,
        20.0,
    );
    let cn = account(world, Site::Cn, "示例商店", DEMO_CN_AK, DEMO_CN_SK, 800.0);
    match seed {
        Seed::Empty => {}
        Seed::Demo => {
            let plans = [
                Plan {
                    name: "web-shop",
                    region: "ap-southeast-3",
                    spec: "hf.large.1.30m.linux",
                    image: ("WordPress", "6.4"),
                    expires_in_days: 2,
                    age_days: 28,
                    status: "ACTIVE",
                    auto_renew: false,
                    traffic_left_pct: 55.0,
                },
                Plan {
                    name: "blog",
                    region: "ap-southeast-1",
                    spec: "hf.large.05.30m.linux",
                    image: ("Ubuntu", "22.04"),
                    expires_in_days: 120,
                    age_days: 250,
                    status: "ACTIVE",
                    auto_renew: true,
                    traffic_left_pct: 4.0,
                },
                Plan {
                    name: "staging",
                    region: "ap-southeast-2",
                    spec: "hf.large.2.30m.linux",
                    image: ("Debian", "11.1"),
                    expires_in_days: 40,
                    age_days: 20,
                    status: "SHUTOFF",
                    auto_renew: false,
                    traffic_left_pct: 90.0,
                },
                Plan {
                    name: "old-crm",
                    region: "tr-west-1",
                    spec: "hf.large.1.30m.linux",
                    image: ("CRM", "8.0"),
                    expires_in_days: -4,
                    age_days: 64,
                    status: "ACTIVE",
                    auto_renew: false,
                    traffic_left_pct: 70.0,
                },
                Plan {
                    name: "erp",
                    region: "me-east-1",
                    spec: "hf.xlarge.4.30m.linux",
                    image: ("Odoo", "17.0"),
                    expires_in_days: 6,
                    age_days: 84,
                    status: "ACTIVE",
                    auto_renew: true,
                    traffic_left_pct: 35.0,
                },
                Plan {
                    name: "frozen-lab",
                    region: "sa-brazil-1",
                    spec: "hf.large.05.30m.linux",
                    image: ("CentOS", "7.9"),
                    expires_in_days: -20,
                    age_days: 80,
                    status: "SHUTOFF",
                    auto_renew: false,
                    traffic_left_pct: 80.0,
                },
            ];
            for p in &plans {
                add(world, &intl, now, p);
            }
            let cn_plans = [
                Plan {
                    name: "官网",
                    region: "cn-north-4",
                    spec: "hf.medium.1.linux",
                    image: ("WordPress", "6.2.2"),
                    expires_in_days: 12,
                    age_days: 18,
                    status: "ACTIVE",
                    auto_renew: false,
                    traffic_left_pct: 60.0,
                },
                Plan {
                    name: "shop-sh",
                    region: "cn-east-3",
                    spec: "hf.small.1.linux",
                    image: ("Ubuntu", "22.04"),
                    expires_in_days: 200,
                    age_days: 160,
                    status: "ACTIVE",
                    auto_renew: true,
                    traffic_left_pct: 15.0,
                },
                Plan {
                    name: "gy-backup",
                    region: "cn-southwest-2",
                    spec: "ahf.large.1.2m.linux",
                    image: ("Debian", "11.1"),
                    expires_in_days: 1,
                    age_days: 29,
                    status: "SHUTOFF",
                    auto_renew: false,
                    traffic_left_pct: 95.0,
                },
            ];
            for p in &cn_plans {
                add(world, &cn, now, p);
            }
            let erp_traffic = world.instances.iter().position(|i| i.name == "erp");
            if let Some(ix) = erp_traffic {
                world.instances[ix].tags.push(("env".into(), "prod".into()));
            }
        }
        Seed::Scale(count) => {
            let regions = [
                "ap-southeast-1",
                "ap-southeast-3",
                "ap-southeast-2",
                "tr-west-1",
                "sa-brazil-1",
                "me-east-1",
            ];
            for n in 0..count {
                let expires = world.rng.gen_range(-10..365);
                let auto = world.rng.gen_bool(0.3);
                let status = if world.rng.gen_bool(0.8) {
                    "ACTIVE"
                } else {
                    "SHUTOFF"
                };
                let name = format!("node-{n:04}");
                let p = Plan {
                    name: &name,
                    region: regions[n % regions.len()],
                    spec: "hf.large.1.30m.linux",
                    image: ("Ubuntu", "22.04"),
                    expires_in_days: expires,
                    age_days: 40,
                    status,
                    auto_renew: auto,
                    traffic_left_pct: 50.0,
                };
                add(world, &intl, now, &p);
            }
        }
    }
}
