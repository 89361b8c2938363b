package io.cairnmq.engine.store.h2;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An H2 file system ({@code counting:}) over the real disk that counts the writes and the forces
 * (fsync) of the files it opens, so that a test can see what the journal did before it answered.
 */
public final class CountingFilePath extends FilePathWrapper {

    static final AtomicLong WRITES = new AtomicLong();
    static final AtomicLong FORCES = new AtomicLong();
    /** While set, every write fails as on a full disk. */
    static volatile boolean diskFull;
    /** While set and not counted down, every force waits for it: a disk that takes its time. */
    static volatile java.util.concurrent.CountDownLatch forcesHeld;

    static {
        FilePath.register(new CountingFilePath());
    }

    /** H2 makes an instance per path, by reflection. */
    public CountingFilePath() {
        // no state of its own
    }

    /** Makes sure the scheme is registered. */
    static void register() {
        // the static initializer registers it
    }

    @Override
    public String getScheme() {
        return "counting";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new CountingChannel(getBase().open(mode));
    }

    private static final class CountingChannel extends FileBase {
        private final FileChannel base;

        CountingChannel(FileChannel base) {
            this.base = base;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public synchronized int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            countWrite();
            return base.write(src);
        }

        @Override
        public synchronized int write(ByteBuffer src, long position) throws IOException {
            countWrite();
            return base.write(src, position);
        }

        private static void countWrite() throws IOException {
            if (diskFull) {
                throw new IOException("No space left on device");
            }
            WRITES.incrementAndGet();
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            FORCES.incrementAndGet();
            java.util.concurrent.CountDownLatch held = forcesHeld;
            if (held != null) {
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while the force was held");
                }
            }
            base.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
