// Over 400 lines on purpose: the simulated state and how it moves with the clock are one model.
//! The simulated cloud's state: accounts, instances (with their ECS server, EIP and
//! traffic package), orders and jobs, moved forward lazily to the simulated clock.

use std::collections::{BTreeMap, HashMap};

use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Duration, OffsetDateTime};

use flexus_core::catalog::{Catalog, ImageChoice};
use flexus_core::endpoints::Site;
use flexus_core::expiry::{lifecycle, Periods, Stage};
use flexus_core::sign::sha256_hex;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub domain_id: String,
    pub domain_name: String,
    pub site: Site,
    pub ak: String,
    pub sk: String,
    pub token: Option<String>,
    pub balance: f64,
}

impl Account {
    pub fn currency(&self) -> &'static str {
        self.site.currency()
    }
    pub fn project_id(&self, region: &str) -> String {
        sha256_hex(format!("{}:{region}", self.domain_id).as_bytes())[..32].to_string()
    }
    pub fn region_of_project(&self, project_id: &str) -> Option<String> {
        Catalog::bundled()
            .regions(self.site)
            .iter()
            .map(|r| r.id.clone())
            .find(|r| self.project_id(r) == project_id)
    }
}

/// Extra access keys (temporary credentials) of an account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Key {
    pub ak: String,
    pub sk: String,
    pub token: Option<String>,
    pub domain_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Server {
    pub id: String,
    pub name: String,
    pub hostname: String,
    pub description: String,
    pub status: String,
    pub private_ip: String,
    pub mac: String,
    pub port_id: String,
    pub created: OffsetDateTime,
    pub updated: OffsetDateTime,
    pub password_pending_restart: bool,
    pub hostname_pending_restart: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub domain_id: String,
    pub name: String,
    pub region: String,
    pub spec_code: String,
    pub image: ImageChoice,
    pub order_id: String,
    pub created: OffsetDateTime,
    /// Hidden from RMS/ECS until its order completes.
    pub visible: bool,
    pub deleted: bool,
    pub effective: OffsetDateTime,
    pub expire: OffsetDateTime,
    pub auto_renew: bool,
    pub period_months: i64,
    pub monthly_price: f64,
    /// Start/end of renewal periods not started yet (unsubscribe type 2 removes them).
    pub future_periods: Vec<(OffsetDateTime, OffsetDateTime, f64)>,
    pub server: Server,
    pub eip_id: String,
    pub public_ip: String,
    pub traffic_id: String,
    pub traffic_total_gb: f64,
    pub traffic_gb_per_day: f64,
    pub extras: Vec<(String, Option<i64>)>,
    pub tags: Vec<(String, String)>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Order {
    pub order_id: String,
    pub domain_id: String,
    pub order_type: i64,
    pub status: i64,
    pub created: OffsetDateTime,
    pub paid_at: Option<OffsetDateTime>,
    pub amount: f64,
    pub instance_ids: Vec<String>,
    pub period_type: i64,
    pub period_num: i64,
    /// For pending renewals: applied when paid.
    pub renew_months: i64,
    pub spec_desc: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobTarget {
    pub server_id: String,
    pub instance_id: String,
    pub fail: Option<String>,
    pub sub_job_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    pub job_id: String,
    pub project_id: String,
    pub action: String,
    pub begin: OffsetDateTime,
    pub targets: Vec<JobTarget>,
    pub applied: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Idempotent {
    pub status: u16,
    pub body: Value,
}

pub struct World {
    pub accounts: Vec<Account>,
    pub extra_keys: Vec<Key>,
    pub instances: Vec<Instance>,
    pub orders: Vec<Order>,
    pub jobs: Vec<Job>,
    pub client_requests: HashMap<(String, String), Idempotent>,
    pub rng: rand::rngs::StdRng,
    /// How long orders and server jobs take, in simulated time.
    pub op_delay: Duration,
    pub last_advance: Option<OffsetDateTime>,
}

pub const MONTH_DAYS: i64 = 30;

pub fn hex_id(rng: &mut impl Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from_digit(rng.gen_range(0..16), 16).unwrap_or('0'))
        .collect()
}

pub fn uuid_like(rng: &mut impl Rng) -> String {
    uuid_format(&hex_id(rng, 32))
}

/// 32 hex digits (or more; the rest is dropped) in the 8-4-4-4-12 shape of a UUID.
pub fn uuid_format(h: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

impl World {
    pub fn new(seed: u64, op_delay: Duration) -> Self {
        World {
            accounts: vec![],
            extra_keys: vec![],
            instances: vec![],
            orders: vec![],
            jobs: vec![],
            client_requests: HashMap::new(),
            rng: rand::rngs::StdRng::seed_from_u64(seed),
            op_delay,
            last_advance: None,
        }
    }

    /// (secret key, security token, domain id) of an access key.
    pub fn key(&self, ak: &str) -> Option<Key> {
        self.accounts
            .iter()
            .find(|a| a.ak == ak)
            .map(|a| Key {
                ak: a.ak.clone(),
                sk: a.sk.clone(),
                token: a.token.clone(),
                domain_id: a.domain_id.clone(),
            })
            .or_else(|| self.extra_keys.iter().find(|k| k.ak == ak).cloned())
    }

    pub fn account(&self, domain_id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.domain_id == domain_id)
    }

    pub fn account_mut(&mut self, domain_id: &str) -> Option<&mut Account> {
        self.accounts.iter_mut().find(|a| a.domain_id == domain_id)
    }

    pub fn periods(site: Site) -> Periods {
        let (g, r) = site.grace_retention_days();
        Periods {
            grace_days: g,
            retention_days: r,
        }
    }

    pub fn order_id(&mut self, now: OffsetDateTime) -> String {
        const AL: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        let tail: String = (0..5)
            .map(|_| AL[self.rng.gen_range(0..AL.len())] as char)
            .collect();
        format!(
            "CS{:02}{:02}{:02}{:02}{:02}{tail}",
            now.year() % 100,
            now.month() as u8,
            now.day(),
            now.hour(),
            now.minute()
        )
    }

    /// What BSS shows as `product_spec_desc`: a human description of the plan
    /// ("2vCPUs|2GiB|High IO|40GB"), never the spec code.
    pub fn spec_desc(site: Site, region: &str, spec: &str) -> String {
        match Catalog::bundled().spec_detail(site, region, spec) {
            Some(d) => format!(
                "{}vCPUs|{}GiB|High IO|{}GB|{}Mbit/s",
                d.vcpus, d.memory_gib, d.disk_gib, d.bandwidth_mbps
            ),
            None => "Flexus L instance".into(),
        }
    }

    /// What one instance of a plan costs for a new term (yearly terms: two months
    /// free): the purchase charges it and the subscribe-rate inquiry quotes it.
    pub fn plan_price(site: Site, region: &str, spec: &str, yearly: bool, months: i64) -> f64 {
        let price = Self::monthly_price(site, region, spec) * months as f64;
        if yearly {
            price * 10.0 / 12.0
        } else {
            price
        }
    }

    pub fn monthly_price(site: Site, region: &str, spec: &str) -> f64 {
        let d = Catalog::bundled().spec_detail(site, region, spec);
        let (cpu, mem) = d
            .map(|d| (d.vcpus as f64, d.memory_gib))
            .unwrap_or((2.0, 2.0));
        let usd = 2.0 + cpu * 1.0 + mem * 2.0;
        let p = match site {
            Site::Intl => usd,
            Site::Cn => usd * 7.0,
        };
        (p * 100.0).round() / 100.0
    }

    /// Lifecycle of an instance on its account's site.
    pub fn stage(&self, inst: &Instance, now: OffsetDateTime) -> Stage {
        let site = self.site_of(&inst.domain_id);
        lifecycle(now, inst.expire, Self::periods(site)).stage
    }

    pub fn site_of(&self, domain_id: &str) -> Site {
        self.accounts
            .iter()
            .find(|a| a.domain_id == domain_id)
            .map(|a| a.site)
            .unwrap_or(Site::Intl)
    }

    /// Moves orders, jobs, auto-renewals, freezing and deletion forward to `now`.
    pub fn advance(&mut self, now: OffsetDateTime) {
        let delay = self.op_delay;
        // Orders: paid → processing → completed; new instances appear on completion.
        let mut completed = Vec::new();
        for o in &mut self.orders {
            if let Some(paid) = o.paid_at {
                if o.status == 3 && now >= paid + delay {
                    o.status = 5;
                    completed.push(o.instance_ids.clone());
                }
            }
        }
        for ids in completed {
            for i in self.instances.iter_mut().filter(|i| ids.contains(&i.id)) {
                i.visible = true;
            }
        }
        // Jobs: apply their effect once finished.
        let mut effects = Vec::new();
        for j in &mut self.jobs {
            if !j.applied && now >= j.begin + delay {
                j.applied = true;
                effects.push((j.action.clone(), j.targets.clone()));
            }
        }
        for (action, targets) in effects {
            for t in targets.iter().filter(|t| t.fail.is_none()) {
                if let Some(i) = self
                    .instances
                    .iter_mut()
                    .find(|i| i.server.id == t.server_id)
                {
                    let s = &mut i.server;
                    match action.as_str() {
                        "start" | "reboot" => {
                            s.status = "ACTIVE".into();
                            s.password_pending_restart = false;
                            s.hostname_pending_restart = false;
                        }
                        "stop" => s.status = "SHUTOFF".into(),
                        _ => {}
                    }
                    s.updated = now;
                }
            }
        }
        // Auto-renew charges from 7 days before expiry, once a day until it succeeds.
        let accounts = self.accounts.clone();
        for i in self
            .instances
            .iter_mut()
            .filter(|i| i.visible && !i.deleted && i.auto_renew)
        {
            let Some(acct) = accounts.iter().find(|a| a.domain_id == i.domain_id) else {
                continue;
            };
            let periods = Self::periods(acct.site);
            while now >= i.expire - Duration::days(7)
                && lifecycle(now, i.expire, periods).stage != Stage::Deleted
            {
                let price = i.monthly_price * i.period_months as f64;
                let Some(a) = self
                    .accounts
                    .iter_mut()
                    .find(|a| a.domain_id == i.domain_id)
                else {
                    break;
                };
                if a.balance + 1e-9 < price {
                    break;
                }
                a.balance -= price;
                i.expire += Duration::days(MONTH_DAYS * i.period_months);
            }
        }
        // Freeze in retention, release after it.
        let sites: BTreeMap<String, Site> = self
            .accounts
            .iter()
            .map(|a| (a.domain_id.clone(), a.site))
            .collect();
        for i in self.instances.iter_mut().filter(|i| !i.deleted) {
            let site = sites.get(&i.domain_id).copied().unwrap_or(Site::Intl);
            match lifecycle(now, i.expire, Self::periods(site)).stage {
                Stage::Retention => i.server.status = "SHUTOFF".into(),
                Stage::Deleted => i.deleted = true,
                _ => {}
            }
        }
        self.last_advance = Some(now);
    }

    /// Traffic left (GB) in the current monthly cycle and the cycle bounds.
    pub fn traffic(
        &self,
        i: &Instance,
        now: OffsetDateTime,
    ) -> (f64, OffsetDateTime, OffsetDateTime) {
        let since = (now - i.created).whole_seconds().max(0);
        let cycle = Duration::days(MONTH_DAYS).whole_seconds();
        let k = since / cycle;
        let start = i.created + Duration::seconds(k * cycle);
        let end = start + Duration::days(MONTH_DAYS);
        let days = super::traffic::pattern_days(start, now);
        let used = (i.traffic_gb_per_day * days).min(i.traffic_total_gb);
        (
            ((i.traffic_total_gb - used) * 100.0).round() / 100.0,
            start,
            end,
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub fn new_instance(
        &mut self,
        acct: &Account,
        name: &str,
        region: &str,
        spec: &str,
        image: ImageChoice,
        order_id: &str,
        now: OffsetDateTime,
        months: i64,
    ) -> Instance {
        let rng = &mut self.rng;
        let id = hex_id(rng, 24);
        let server_id = uuid_like(rng);
        let detail = Catalog::bundled().spec_detail(acct.site, region, spec);
        let ip = format!(
            "{}.{}.{}.{}",
            rng.gen_range(100..200),
            rng.gen_range(1..255),
            rng.gen_range(1..255),
            rng.gen_range(2..254)
        );
        let short = &server_id[..4];
        Instance {
            id,
            domain_id: acct.domain_id.clone(),
            name: name.to_string(),
            region: region.to_string(),
            spec_code: spec.to_string(),
            image,
            order_id: order_id.to_string(),
            created: now,
            visible: false,
            deleted: false,
            effective: now,
            expire: now + Duration::days(MONTH_DAYS * months),
            auto_renew: false,
            period_months: months.clamp(1, 12),
            monthly_price: Self::monthly_price(acct.site, region, spec),
            future_periods: vec![],
            server: Server {
                id: server_id.clone(),
                name: format!("hcss_ecs_{short}"),
                hostname: format!("hcss-ecs-{short}"),
                description: String::new(),
                status: "ACTIVE".into(),
                private_ip: format!(
                    "192.168.{}.{}",
                    rng.gen_range(0..255),
                    rng.gen_range(2..254)
                ),
                mac: format!(
                    "fa:16:3e:{:02x}:{:02x}:{:02x}",
                    rng.gen::<u8>(),
                    rng.gen::<u8>(),
                    rng.gen::<u8>()
                ),
                port_id: uuid_like(rng),
                created: now,
                updated: now,
                password_pending_restart: false,
                hostname_pending_restart: false,
            },
            eip_id: uuid_like(rng),
            public_ip: ip,
            traffic_id: uuid_like(rng),
            traffic_total_gb: detail.map(|d| d.traffic_gb as f64).unwrap_or(1024.0),
            traffic_gb_per_day: 5.0,
            extras: vec![],
            tags: vec![],
            description: String::new(),
        }
    }
}
