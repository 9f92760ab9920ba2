// sharedcell twin: Rc<RefCell<Account>> handles, clone/borrow/borrow_mut/drop.
use std::cell::RefCell;
use std::rc::Rc;

struct Account {
    id: i64,
    balance: i64,
    log: Vec<i64>,
}

fn next(seed: i64) -> i64 {
    (seed * 1103515245 + 12345) % 2147483648
}

fn main() {
    let mut seed = 1i64;
    let mut checksum = 0i64;
    let mut max_strong = 0i64;
    for _round in 0..2000 {
        let mut accounts: Vec<Rc<RefCell<Account>>> = Vec::new();
        for i in 0i64..1000 {
            accounts.push(Rc::new(RefCell::new(Account { id: i, balance: 0, log: Vec::new() })));
        }
        let mut handles: Vec<Rc<RefCell<Account>>> = Vec::new();
        for j in 0i64..5000 {
            seed = next(seed);
            let h = accounts[((seed >> 4) % 1000) as usize].clone();
            h.borrow_mut().balance += j;
            h.borrow_mut().log.push(j);
            handles.push(h);
        }
        for _ in 0i64..5000 {
            seed = next(seed);
            let a = handles[((seed >> 4) % 5000) as usize].clone();
            seed = next(seed);
            let b = handles[((seed >> 4) % 5000) as usize].clone();
            if !Rc::ptr_eq(&a, &b) {
                let amount = a.borrow().balance % 100;
                a.borrow_mut().balance -= amount;
                b.borrow_mut().balance += amount;
            }
        }
        for h in &handles {
            let acc = h.borrow();
            checksum = (checksum + acc.balance + acc.log.len() as i64 * acc.id) % 1000000007;
            max_strong = max_strong.max(Rc::strong_count(h) as i64);
        }
        drop(handles);
        for a in &accounts {
            if Rc::strong_count(a) != 1 {
                panic!("leaked handle");
            }
        }
    }
    println!("checksum {} max strong {}", checksum, max_strong);
}
