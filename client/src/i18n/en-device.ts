import type { zhDevice } from './zh-device.ts';

/** UI texts of the tablet itself in English, key for key with zh-device.ts. */
export const enDevice: Record<keyof typeof zhDevice, string> = {
  // Offline lock (PIN), device storage
  'error.pinFormat': 'The PIN must be 6 digits',
  'error.pinTrivial': 'This PIN is too easy to guess (like 000000, 123456, 121212): choose another',
  'error.pinMismatch': 'The two PINs differ',
  'error.noPin': 'No PIN is set on this device',
  'error.pinDisabled':
    'The PIN no longer opens this device (too many wrong PINs, or the device was revoked): unlock with the password',
  'error.pinNeedsServer':
    'The township server cannot be reached: after a restart the PIN is checked online. Unlock with the password (no network needed), or try again online',
  'error.vaultLocked': 'The tablet is locked: unlock it first',
  'lock.usePassword': 'Unlock with the password',
  'lock.wrongPassword': 'Wrong password',
  'lock.passwordWait': '{count} wrong passwords in a row: wait {time} before trying again',
  'pin.skip': 'Keep the current PIN',
  'error.storageFull': 'Storage is full: sync while online, or remove photos from drafts. Nothing already saved is lost',
  'lock.title': 'Locked',
  'lock.account': '{name} ({username})',
  'lock.hint':
    'Type your 6-digit PIN to unlock. Just after the tablet starts this needs the township server; without it, unlock with the password',
  'lock.pin': 'PIN',
  'lock.unlock': 'Unlock',
  'lock.checking': 'Checking…',
  'lock.wrong': 'Wrong PIN',
  'lock.attemptsLeft': 'Wrong PIN. {count} more wrong and you will have to wait before trying again',
  'lock.wait': '{count} wrong PINs in a row: wait {time} before trying again',
  'lock.password': 'Password',
  'lock.passwordHint':
    'Type the password of account {username} to unlock (no network needed); then you may choose a new PIN. All data on this device stays.',
  'lock.noPinHint':
    'Type the password of account {username} (checked online the first time), then choose a PIN. Data on this device is kept encrypted.',
  'lock.confirmPassword': 'Check password',
  'lock.offline':
    'The township server cannot be reached: the first password unlock on this device needs the network. Data on this device is safe.',
  'lock.backToPin': 'Back to unlocking with the PIN',
  'lock.now': 'Lock',
  'pin.title': 'Choose an unlock PIN',
  'pin.hint':
    'When the tablet locks (on start, after {minutes} idle minutes) this 6-digit PIN unlocks it. Do not use easy ones like 000000 or 123456.',
  'pin.new': 'New PIN',
  'pin.again': 'New PIN again',
  'pin.save': 'Set PIN',
  'pin.saving': 'Setting…',
  'storage.link': 'Device storage',
  'storage.title': 'Device storage',
  'storage.persisted': 'Persistent storage granted: the browser will not clear this device’s data by itself',
  'storage.notPersisted': 'Persistent storage not granted: under storage pressure the browser may clear data, so sync often',
  'storage.ask': 'Ask for persistent storage',
  'storage.usage': '{used} used of {quota} ({percent}%)',
  'storage.unknown': 'This browser does not report storage use',
  'storage.photos': '{count} photos waiting to upload, {size} in all',
  'storage.noPhotos': 'No photos waiting to upload',
  'storage.nearlyFull': 'Storage is nearly full: sync while online, or remove photos from drafts',
  'case.resultFiles': 'Documents from the township',
  'case.resultFile': 'Document {n} ({kind})',
  'case.image': 'image',
  'case.openFile': 'View (needs the network)',
  'case.fileNeedsNetwork': 'Viewing the document needs the township server: {message}',
  // PWA lifecycle: update banner, database upgrade notices, build line
  'pwa.waitForm': 'a form is open',
  'pwa.waitSync': 'a sync is running',
  'pwa.waitsFor': '({reasons}: updating now would cut it off)',
  'pwa.appliesAfter': 'Updates by itself once this is over: {reasons}',
  'pwa.replacedElsewhere': 'The app was updated in another window: please reload this page',
  'pwa.reloadNeeded': 'The app has been updated: please reload the page',
  'pwa.reload': 'Reload',
  'pwa.dbBlocked': 'Upgrading the data on this device, but another window still uses the old version',
  'pwa.dbBlockedHint':
    'Close the other windows or tabs with Daiban open; the upgrade then continues by itself and nothing is lost.',
  'pwa.dbFailed': 'The data on this device cannot be opened',
  'pwa.about': 'Daiban {build}',
};
