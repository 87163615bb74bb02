//! A tiny HTTP/1.1 server on 127.0.0.1 for the online link tests: canned answers by path,
//! every request counted (method and path). One thread per connection, `Connection: close`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Hits = Mutex<HashMap<(String, String), usize>>;
type Headers = Mutex<HashMap<String, String>>;

pub struct Server {
    pub port: u16,
    hits: Arc<Hits>,
    headers: Arc<Headers>,
}

/// What to answer: status, extra headers, delay before answering.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub delay: Duration,
}

impl Reply {
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }
    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
    pub fn redirect(status: u16, to: &str) -> Reply {
        Reply::status(status).header("Location", to)
    }
}

/// The answers the tests and fixtures rely on. `n` is how many requests this path had before
/// this one (any method).
pub fn routes(method: &str, path: &str, n: usize) -> Reply {
    match path {
        "/missing" => Reply::status(404),
        "/gone" => Reply::status(410),
        "/error" => Reply::status(500),
        "/slow" => Reply {
            delay: Duration::from_secs(5),
            ..Reply::status(200)
        },
        "/moved" => Reply::redirect(301, "/ok"),
        "/found" => Reply::redirect(302, "/ok"),
        "/moved-to-missing" => Reply::redirect(308, "/missing"),
        "/loop-a" => Reply::redirect(301, "/loop-b"),
        "/loop-b" => Reply::redirect(301, "/loop-a"),
        "/busy" if n == 0 => Reply::status(429).header("Retry-After", "1"),
        "/busy-forever" => Reply::status(429).header("Retry-After", "3600"),
        "/head-405" if method == "HEAD" => Reply::status(405),
        _ => Reply::status(200),
    }
}

/// The online link fixtures point at `http://127.0.0.1:{{PORT}}/…`: a server started once per
/// test binary answers them, and its port is written into the copies under `dir`.
pub fn fill_port(dir: &std::path::Path) {
    static SERVER: std::sync::OnceLock<Server> = std::sync::OnceLock::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            fill_port(&p);
        } else if let Ok(text) = std::fs::read_to_string(&p) {
            if text.contains("{{PORT}}") {
                let port = SERVER.get_or_init(Server::start).port;
                std::fs::write(&p, text.replace("{{PORT}}", &port.to_string())).unwrap();
            }
        }
    }
}

impl Server {
    pub fn start() -> Server {
        Server::with(routes)
    }

    pub fn with(route: fn(&str, &str, usize) -> Reply) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let hits: Arc<Hits> = Default::default();
        let headers: Arc<Headers> = Default::default();
        let (h, hd) = (Arc::clone(&hits), Arc::clone(&headers));
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (h, hd) = (Arc::clone(&h), Arc::clone(&hd));
                std::thread::spawn(move || serve(conn, &h, &hd, route));
            }
        });
        Server {
            port,
            hits,
            headers,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Requests seen for this path, all methods.
    pub fn hits(&self, path: &str) -> usize {
        let m = self.hits.lock().unwrap();
        m.iter()
            .filter(|((_, p), _)| p == path)
            .map(|(_, n)| n)
            .sum()
    }

    pub fn hits_by(&self, method: &str, path: &str) -> usize {
        let m = self.hits.lock().unwrap();
        m.get(&(method.to_string(), path.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// The last value of a request header (name in lower case).
    pub fn header_seen(&self, name: &str) -> Option<String> {
        self.headers.lock().unwrap().get(name).cloned()
    }

    pub fn total(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }
}

fn serve(conn: TcpStream, hits: &Hits, headers: &Headers, route: fn(&str, &str, usize) -> Reply) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {
                if let Some((k, v)) = line.split_once(':') {
                    headers
                        .lock()
                        .unwrap()
                        .insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                }
            }
        }
    }
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let n = {
        let mut m = hits.lock().unwrap();
        let before: usize = m
            .iter()
            .filter(|((_, p), _)| *p == path)
            .map(|(_, n)| n)
            .sum();
        *m.entry((method.clone(), path.clone())).or_insert(0) += 1;
        before
    };
    let reply = route(&method, &path, n);
    std::thread::sleep(reply.delay);
    let body = "hello\n";
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        body.len()
    );
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut conn = conn;
    let _ = conn.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = conn.write_all(body.as_bytes());
    }
    let _ = conn.flush();
}
